package org.webplatform.appliance.dns;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.DnsConfig;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.dns.answer.Recursion;
import org.webplatform.appliance.dns.answer.Responder;
import org.webplatform.appliance.dns.forward.ForwardCounters;
import org.webplatform.appliance.dns.forward.Forwarder;
import org.webplatform.appliance.dns.pool.PoolMetrics;
import org.webplatform.appliance.dns.pool.Pools;
import org.webplatform.appliance.dns.rrl.ResponseRateLimiter;
import org.webplatform.appliance.dns.server.DnsServer;
import org.webplatform.appliance.dns.server.DnsServerSettings;
import org.webplatform.appliance.dns.server.ResponseGate;
import org.webplatform.appliance.dns.zone.PublishedRecord;
import org.webplatform.appliance.dns.zone.ZoneError;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.role.Role;
import org.webplatform.appliance.role.RoleContext;

/**
 * The authoritative DNS module: zone files from a directory, answered over UDP and TCP.
 *
 * <p>With {@code dns.forwarders}, names outside our zones asked by clients in {@code
 * recursion_networks} are forwarded upstream and cached ({@link Forwarder}); everyone else gets
 * REFUSED for them, as without forwarding.
 *
 * <p>Start: loads the zones, binds every listener, then (with {@code watch_zones}) watches the
 * directory. A zone file with an error is skipped with its error logged and the role starts
 * DEGRADED; gdnsd refuses to start instead, but on an appliance one broken file must not take every
 * other zone off the air. Reload (SIGHUP, file watcher): the new zone set is built beside the
 * served one and swapped atomically; a zone whose file fails keeps its previous data and the role
 * is DEGRADED until a load without errors. Stop: listeners close first, TCP queries already being
 * read are answered, then the threads end.
 *
 * <p>Pools ({@code dns.pools}): zone-file DYNA names answer with the addresses of health-checked
 * pools; the served snapshot is the loaded one with those addresses filled in ({@link
 * ServedZones}), rebuilt when zones reload or a pool's answer changes.
 *
 * <p>Zone transfers ({@code dns.allow_transfer}, {@code also_notify}): AXFR/IXFR are answered from
 * the served snapshot, before the responder sees them, and secondaries are sent NOTIFY at start
 * and when a reload changes a serial ({@link ZoneTransfers}).
 *
 * <p>Health: UNHEALTHY before start and after stop, DEGRADED while a zone file has an error, the
 * pool override file is rejected, or a pool has no member up; HEALTHY otherwise. Thread-safety
 * as the {@link Role} contract requires.
 */
public final class DnsRole implements Role {
  private static final Logger log = LoggerFactory.getLogger(DnsRole.class);

  /** Editors and rsync finish a burst of writes well within this. */
  static final Duration WATCH_QUIET_PERIOD = Duration.ofMillis(300);

  /** Fallback poll for changes inotify cannot see; with the quiet period, under the 5 s goal. */
  static final Duration WATCH_POLL_INTERVAL = Duration.ofSeconds(2);

  private enum State {
    NEW,
    SERVING,
    STOPPED
  }

  private final DnsConfig config;
  private final DnsServerSettings serverSettings;
  private final ZoneReloader zones;
  private final DnsMetrics metrics;
  private final Clock clock;
  private final DnsStats stats;
  private final Forwarder forwarder;
  private final Pools pools;
  private final ServedZones servedZones;
  private final ZoneTransfers transfers;
  private volatile State state = State.NEW;
  private DnsServer server;
  private ZoneDirectoryWatcher watcher;

  /**
   * @param published records other roles need in our zones (the DKIM keys of {@code mail.dkim}),
   *     served in whichever zone here covers their name; see {@link PublishedRecord}
   */
  public DnsRole(DnsConfig config, RoleContext context, List<PublishedRecord> published) {
    this(config, context, DnsServerSettings.from(config), published);
  }

  /** With explicit transport settings (tests: NIO, short TCP deadlines). */
  DnsRole(DnsConfig config, RoleContext context, DnsServerSettings serverSettings) {
    this(config, context, serverSettings, List.of());
  }

  DnsRole(
      DnsConfig config,
      RoleContext context,
      DnsServerSettings serverSettings,
      List<PublishedRecord> published) {
    this.config = Objects.requireNonNull(config, "config");
    this.serverSettings = Objects.requireNonNull(serverSettings, "serverSettings");
    this.zones = new ZoneReloader(config.zones(), published, config.pools().pools().keySet());
    this.metrics = new DnsMetrics(context.metrics(), zones);
    this.clock = context.clock();
    this.stats = new DnsStats(clock, metrics.queries(), zones, config.rrl());
    this.forwarder =
        config.forwarding().enabled() ? new Forwarder(config.forwarding()) : null;
    if (forwarder != null) {
      ForwardingMetrics.register(context.metrics(), forwarder);
      ForwardCounters counters = forwarder.counters();
      stats.section(
          "forward",
          out ->
              out.put("cache_hits", counters.cacheHits())
                  .put("cache_misses", counters.cacheMisses())
                  .put("cache_entries", forwarder.cacheSize())
                  .put("in_flight", forwarder.inFlight())
                  .put(
                      "servfail",
                      counters.servfails(ForwardCounters.ServfailReason.UPSTREAMS_FAILED)
                          + counters.servfails(ForwardCounters.ServfailReason.OVERLOAD)));
    }
    this.pools = new Pools(config.pools(), clock, this::poolChanged);
    this.servedZones = new ServedZones(zones, pools);
    PoolMetrics.register(context.metrics(), pools);
    this.transfers =
        new ZoneTransfers(
            config.transfer(), context, servedZones, config.maxUdpPayload(), metrics.queries());
  }

  /** The health-checked pools, for {@code appliance dns pool} on the admin listener. */
  public Pools pools() {
    return pools;
  }

  private void poolChanged(String pool) {
    servedZones.poolChanged(pool);
  }

  @Override
  public String name() {
    return "dns";
  }

  @Override
  public synchronized void start() throws Exception {
    if (state != State.NEW) {
      throw new IllegalStateException("Role dns is " + state + ", cannot start it.");
    }
    try {
      if (config.watchZones()) {
        // Watch before the first load, so a change made while loading is not missed.
        watcher =
            new ZoneDirectoryWatcher(
                config.zones(), WATCH_QUIET_PERIOD, WATCH_POLL_INTERVAL, servedZones::reload);
        watcher.start();
      }
      // Pools first: their first checks decide what DYNA names answer from the first query on.
      pools.start();
      servedZones.reload();
      Recursion recursion = Recursion.NONE;
      if (forwarder != null) {
        forwarder.start();
        recursion = forwarder;
      }
      Responder responder =
          new Responder(
              servedZones::current, config.maxUdpPayload(), metrics.queries(), recursion);
      // Counting first: the stats see every computed response, limited or not.
      ResponseGate rrl = ResponseRateLimiter.create(config.rrl(), clock, metrics.queries());
      ResponseGate gate = metrics.queries().then(rrl);
      server =
          new DnsServer(
              serverSettings,
              new ResponderAnswerer(responder),
              gate,
              transfers.answerer(),
              metrics.queries());
      server.start();
      transfers.start();
      stats.started(clock.instant());
    } catch (Exception e) {
      closeAll(Duration.ZERO);
      state = State.STOPPED;
      throw e;
    }
    for (InetSocketAddress address : server.boundAddresses()) {
      log.info(
          "listening proto=udp addr={} sockets={} io={}",
          HostPort.format(address),
          server.udpSocketsPerAddress(),
          server.ioTransport().name().toLowerCase(Locale.ROOT));
      log.info(
          "listening proto=tcp addr={} max_connections={} idle_timeout_ms={}",
          HostPort.format(address),
          config.tcpMaxConnections(),
          config.tcpIdleTimeout().toMillis());
    }
    if (forwarder != null) {
      log.info(
          "forwarding {} timeout_ms={} cache_size={}",
          forwarder,
          config.forwarding().forwardTimeout().toMillis(),
          config.forwarding().cacheSize());
    }
    state = State.SERVING;
    log.info(
        "started zones={} zone_errors={} watch_zones={}",
        zones.current().size(),
        zones.errors().size(),
        config.watchZones());
  }

  @Override
  public synchronized void stop(Duration grace) {
    if (state == State.STOPPED) {
      return;
    }
    state = State.STOPPED;
    closeAll(grace);
    log.info("stopped");
  }

  @Override
  public Health health() {
    if (state != State.SERVING) {
      return Health.unhealthy(state == State.NEW ? "not started" : "stopped");
    }
    List<ZoneError> errors = zones.errors();
    int served = zones.current().size();
    if (!errors.isEmpty()) {
      return Health.degraded(
          errors.size()
              + " zone file error(s), affected zones serve their previous data or"
              + " nothing; first: "
              + errors.get(0));
    }
    List<String> overrideErrors = pools.adminStateErrors();
    if (!overrideErrors.isEmpty()) {
      return Health.degraded(
          "pool override file rejected, previous overrides kept; first: " + overrideErrors.get(0));
    }
    List<String> allDown = pools.allDown();
    if (!allDown.isEmpty()) {
      return Health.degraded(
          "no member up in pool(s) " + allDown + ", answering with all their addresses");
    }
    return Health.healthy("serving " + served + " zone(s)");
  }

  /** Reloads the zones now, on the calling thread; see the class comment. */
  @Override
  public void reload() {
    servedZones.reload();
    pools.reloadAdminState();
  }

  /** The stats document ({@code appliance dns stats}): gdnsd-style JSON, see {@link DnsStats}. */
  public String statsJson() {
    return stats.json();
  }

  @Override
  public synchronized List<InetSocketAddress> boundAddresses() {
    return server == null ? List.of() : server.boundAddresses();
  }

  private void closeAll(Duration grace) {
    if (watcher != null) {
      watcher.close();
    }
    pools.close();
    if (server != null) {
      server.stop(grace);
    }
    transfers.close();
    if (forwarder != null) {
      forwarder.stop(); // after the listeners: TCP answers still following had the grace period
    }
  }
}
