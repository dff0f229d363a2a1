package org.webplatform.appliance.graphs;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.GraphsConfig;
import org.webplatform.appliance.graphs.render.GraphRenderer;
import org.webplatform.appliance.graphs.render.RenderCache;
import org.webplatform.appliance.graphs.sampler.Probes;
import org.webplatform.appliance.graphs.sampler.Sampler;
import org.webplatform.appliance.graphs.store.RrdStore;
import org.webplatform.appliance.graphs.web.GraphsHandler;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.role.Role;
import org.webplatform.appliance.role.RoleContext;

/**
 * The graphs role: samples the shared registry every step into rrd files and draws them on
 * {@code /graphs/} of the admin listener. It has no listener of its own.
 *
 * <p>Threads: one daemon thread, {@code graphs-sampler}, writes the files; HTTP threads render
 * from them. Both go through the store's pool, where rrd4j synchronizes on each file.
 */
public final class GraphsRole implements Role {
  private static final Logger log = LoggerFactory.getLogger(GraphsRole.class);

  private final GraphsConfig config;
  private final RoleContext context;
  private volatile RrdStore store;
  private volatile Sampler sampler;
  private volatile RenderCache cache;
  private volatile ScheduledExecutorService executor;
  private volatile Instant lastSample;
  private volatile String lastError;

  public GraphsRole(GraphsConfig config, RoleContext context) {
    this.config = config;
    this.context = context;
  }

  @Override
  public String name() {
    return "graphs";
  }

  @Override
  public synchronized void start() throws IOException {
    if (executor != null) {
      return;
    }
    store = new RrdStore(config.rrdDir(), config.step());
    sampler = new Sampler(context.metrics(), store, Probes.ALL);
    GraphRenderer renderer = new GraphRenderer(config.rrdDir(), store.pool());
    cache = new RenderCache(renderer, context.clock(), Duration.ofMinutes(1));
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "graphs-sampler");
              t.setDaemon(true);
              return t;
            });
    long stepMillis = config.step().toMillis();
    // Sample on step boundaries (hh:mm:00 for 60 s) like Mailgraph's minutes, so every update
    // lands in one primary step of the rrd file instead of being split across two.
    long delay = stepMillis - Math.floorMod(context.clock().millis(), stepMillis);
    executor.scheduleAtFixedRate(this::sampleQuietly, delay, stepMillis, TimeUnit.MILLISECONDS);
    log.info("sampling every {}s into {}", config.step().toSeconds(), config.rrdDir());
  }

  /** Takes one sample now; for tests and for a last sample at stop. */
  public int sampleNow() throws IOException {
    return sampler.sample(context.clock().millis() / 1000);
  }

  private void sampleQuietly() {
    // Never let an exception escape: it would cancel the schedule and stop all graphs.
    try {
      sampleNow();
      lastSample = context.clock().instant();
      lastError = null;
    } catch (IOException | RuntimeException e) {
      lastError = e.toString();
      log.warn("graphs: sample failed, retrying next step: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop(Duration grace) {
    ScheduledExecutorService running = executor;
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
    store.close();
    executor = null;
  }

  @Override
  public Health health() {
    if (executor == null) {
      return Health.unhealthy("not started");
    }
    String error = lastError;
    if (error != null) {
      return Health.degraded("last sample failed: " + error);
    }
    Instant last = lastSample;
    return Health.healthy(
        "sampling every " + config.step().toSeconds() + "s into " + config.rrdDir()
            + (last == null ? "; no sample yet" : "; last sample " + last));
  }

  @Override
  public List<InetSocketAddress> boundAddresses() {
    return List.of();
  }

  /**
   * The handler for the admin listener's {@code /graphs/} context: the page and its PNGs. It
   * answers 503 until the role has started.
   *
   * @param hostName shown at the top of the page
   * @param level the environment level (production, staging...), shown next to it
   */
  public HttpHandler httpHandler(String hostName, String level) {
    return new GraphsHandler(() -> cache, hostName, level);
  }
}
