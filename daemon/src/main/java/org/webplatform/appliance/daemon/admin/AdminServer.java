package org.webplatform.appliance.daemon.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.role.Json;
import org.webplatform.appliance.role.Role;

/**
 * The admin HTTP listener: {@code GET /health} (200 when every enabled role serves, 503
 * otherwise; JSON per role) and {@code GET /metrics} (Prometheus text format). Loopback unless
 * the config says otherwise; it changes nothing, so it needs no authentication there.
 */
public final class AdminServer {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final InetSocketAddress listen;
  private final PrometheusRegistry registry;
  private final Supplier<Map<String, Health>> health;
  private final Supplier<List<Role>> roles;
  private final String level;
  private final PrometheusTextFormatWriter metricsWriter = PrometheusTextFormatWriter.create();
  private final Map<String, HttpHandler> extraRoutes = new java.util.LinkedHashMap<>();
  private HttpServer server;
  private ExecutorService executor;

  public AdminServer(
      InetSocketAddress listen,
      PrometheusRegistry registry,
      Supplier<Map<String, Health>> health,
      Supplier<List<Role>> roles,
      String level) {
    this.listen = listen;
    this.registry = registry;
    this.health = health;
    this.roles = roles;
    this.level = level;
  }

  /** Adds a route (e.g. {@code /queue/} of the mail relay); before {@link #start()} only. */
  public void route(String pathPrefix, HttpHandler handler) {
    extraRoutes.put(pathPrefix, handler);
  }

  public void start() throws IOException {
    server = HttpServer.create(listen, 64);
    AtomicInteger threads = new AtomicInteger();
    // Two threads: a scrape and a health probe may overlap; nothing here blocks for long.
    executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread t = new Thread(task, "admin-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/health", this::health);
    server.createContext("/metrics", this::metrics);
    extraRoutes.forEach(server::createContext);
    server.createContext("/", exchange -> send(exchange, 404, "text/plain", "not found\n"));
    server.start();
    log.info("listening proto=http addr={}", HostPort.format(address()));
  }

  /** The bound address (port resolved when 0 was configured). */
  public InetSocketAddress address() {
    return server == null ? listen : server.getAddress();
  }

  public void stop() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  private void health(HttpExchange exchange) throws IOException {
    if (!allowGet(exchange)) {
      return;
    }
    Map<String, Health> states = health.get();
    boolean serving = states.values().stream().allMatch(Health::serving);
    StringBuilder json = new StringBuilder();
    json.append("{\"status\":\"").append(serving ? "ok" : "fail").append('"');
    json.append(",\"level\":").append(Json.string(level));
    json.append(",\"roles\":{");
    boolean first = true;
    for (Role role : roles.get()) {
      Health h = states.get(role.name());
      json.append(first ? "" : ",").append(Json.string(role.name())).append(":{");
      json.append("\"status\":").append(Json.string(h.status().name()));
      json.append(",\"detail\":").append(Json.string(h.detail()));
      json.append(",\"listen\":[");
      List<InetSocketAddress> bound = role.boundAddresses();
      for (int i = 0; i < bound.size(); i++) {
        json.append(i == 0 ? "" : ",").append(Json.string(HostPort.format(bound.get(i))));
      }
      json.append("]}");
      first = false;
    }
    json.append("}}\n");
    send(exchange, serving ? 200 : 503, "application/json", json.toString());
  }

  private void metrics(HttpExchange exchange) throws IOException {
    if (!allowGet(exchange)) {
      return;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
    metricsWriter.write(body, registry.scrape(), EscapingScheme.DEFAULT);
    send(exchange, 200, metricsWriter.getContentType(), body.toByteArray());
  }

  /** True for GET and HEAD; otherwise answers 405 and returns false. For the added routes too. */
  public static boolean allowGet(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD")) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    send(exchange, 405, "text/plain", "method not allowed\n");
    return false;
  }

  /** Writes a whole response; shared with the routes added by {@link #route}. */
  public static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }
}
