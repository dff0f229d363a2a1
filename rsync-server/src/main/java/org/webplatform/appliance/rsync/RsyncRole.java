package org.webplatform.appliance.rsync;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.config.RsyncConfig;
import org.webplatform.appliance.rsync.filter.FilterList;
import org.webplatform.appliance.rsync.module.ServedModule;
import org.webplatform.appliance.rsync.session.DaemonSession;
import org.webplatform.appliance.rsync.session.ModuleTable;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.role.Role;
import org.webplatform.appliance.role.RoleContext;

/**
 * The rsync daemon role: accepts rsync:// connections on every configured address and serves
 * each on a bounded session pool (one blocking thread per session, capped by max_connections;
 * 64 when unlimited). Pull only: the appliance is always the sender.
 */
public final class RsyncRole implements Role {
  private static final Logger log = LoggerFactory.getLogger(RsyncRole.class);
  /** Session threads when max_connections is 0 (unlimited in rsyncd terms). */
  static final int DEFAULT_MAX_SESSIONS = 64;

  private final RsyncConfig config;
  private final RsyncMetrics metrics;
  private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();
  private final List<Thread> acceptors = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final int maxSessions;
  private final AtomicInteger active = new AtomicInteger();
  private volatile ModuleTable modules;
  private volatile ExecutorService pool;
  private volatile boolean running;
  private volatile Optional<byte[]> motd = Optional.empty();

  public RsyncRole(RsyncConfig config, RoleContext context) {
    this.config = config;
    this.metrics = new RsyncMetrics(context.metrics());
    this.maxSessions = config.maxConnections() > 0 ? config.maxConnections() : DEFAULT_MAX_SESSIONS;
  }

  @Override
  public String name() {
    return "rsync-server";
  }

  @Override
  public synchronized void start() throws Exception {
    if (running) {
      throw new IllegalStateException("already started");
    }
    try {
      modules = new ModuleTable(config);
    } catch (FilterList.UnsupportedRuleException e) {
      throw new IllegalArgumentException("rsync module filter: " + e.getMessage(), e);
    }
    for (ServedModule m : modules.all()) {
      logSecretsProblem(m, m.reloadSecrets());
    }
    motd = readMotd();
    AtomicInteger ids = new AtomicInteger();
    pool =
        new ThreadPoolExecutor(
            0,
            maxSessions,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "rsync-session-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    running = true;
    try {
      for (InetSocketAddress address : config.listen()) {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(address, 128);
        listeners.add(ss);
        Thread t = new Thread(() -> acceptLoop(ss), "rsync-accept-" + ss.getLocalPort());
        t.setDaemon(true);
        acceptors.add(t);
        log.info(
            "listening proto=rsync addr={}",
            HostPort.format((InetSocketAddress) ss.getLocalSocketAddress()));
      }
    } catch (IOException e) {
      stop(Duration.ZERO);
      throw e;
    }
    acceptors.forEach(Thread::start);
  }

  private void acceptLoop(ServerSocket ss) {
    while (running) {
      Socket s;
      try {
        s = ss.accept();
      } catch (IOException e) {
        if (running) {
          log.warn("rsync accept failed address={} error=\"{}\"", ss.getLocalSocketAddress(),
              e.getMessage());
          continue;
        }
        return;
      }
      if (active.incrementAndGet() > maxSessions) {
        active.decrementAndGet();
        refuseBusy(s);
        continue;
      }
      open.add(s);
      DaemonSession session =
          new DaemonSession(s, modules, metrics, config.timeout().toMillis(), motd);
      try {
        pool.execute(
            () -> {
              try {
                session.run();
              } finally {
                open.remove(s);
                active.decrementAndGet();
              }
            });
      } catch (RuntimeException e) {
        open.remove(s);
        active.decrementAndGet();
        refuseBusy(s);
      }
    }
  }

  /** Over the daemon-wide limit: greet, say so like rsyncd, close. */
  private void refuseBusy(Socket s) {
    try (s) {
      s.setSoTimeout(1000);
      OutputStream o = s.getOutputStream();
      o.write(
          ("@RSYNCD: 31.0\n@ERROR: max connections (" + maxSessions
              + ") reached -- try again later\n")
              .getBytes(StandardCharsets.US_ASCII));
      o.flush();
      metrics.session("-", "refused", 0, 0);
      log.info("session refused reason=max_connections limit={} peer={}", maxSessions,
          s.getInetAddress().getHostAddress());
    } catch (IOException ignored) {
      // The client went away first.
    }
  }

  @Override
  public void stop(Duration grace) {
    ExecutorService p;
    synchronized (this) {
      running = false;
      for (ServerSocket ss : listeners) {
        try {
          ss.close();
        } catch (IOException ignored) {
          // Closing.
        }
      }
      p = pool;
    }
    for (Thread t : acceptors) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (p != null) {
      p.shutdown();
      try {
        if (!p.awaitTermination(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS)) {
          log.info("rsync stop: closing {} unfinished sessions", open.size());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // Closing.
        }
      }
      p.shutdownNow();
      try {
        p.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Health health() {
    if (!running || listeners.isEmpty()) {
      return Health.unhealthy("not listening");
    }
    for (ServerSocket ss : listeners) {
      if (ss.isClosed()) {
        return Health.unhealthy("listener " + ss.getLocalSocketAddress() + " closed");
      }
    }
    return Health.healthy(
        "listening on " + listeners.size() + " address(es), " + active.get() + " session(s)");
  }

  /** Re-reads the secrets files and the motd; modules themselves are fixed by the config. */
  @Override
  public void reload() {
    ModuleTable table = modules;
    if (table == null) {
      return;
    }
    for (ServedModule m : table.all()) {
      logSecretsProblem(m, m.reloadSecrets());
    }
    motd = readMotd();
    log.info("rsync reloaded secrets");
  }

  @Override
  public List<InetSocketAddress> boundAddresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (ServerSocket ss : listeners) {
      if (!ss.isClosed()) {
        out.add((InetSocketAddress) ss.getLocalSocketAddress());
      }
    }
    return out;
  }

  private Optional<byte[]> readMotd() {
    if (config.motd().isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] text = Files.readAllBytes(config.motd().get());
      if (text.length > 0 && text[text.length - 1] != '\n') {
        byte[] t = java.util.Arrays.copyOf(text, text.length + 1);
        t[text.length] = '\n';
        text = t;
      }
      return Optional.of(text);
    } catch (IOException e) {
      log.warn("rsync motd unreadable file={} error=\"{}\"", config.motd().get(), e.getMessage());
      return Optional.empty();
    }
  }

  private static void logSecretsProblem(ServedModule m, String problem) {
    if (problem != null) {
      log.warn("rsync module={} auth disabled: {}", m.name(), problem);
    }
  }

}
