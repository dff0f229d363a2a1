package org.webplatform.appliance.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.config.MailConfig;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.role.Role;
import org.webplatform.appliance.role.RoleContext;
import org.webplatform.appliance.smtp.admin.QueueAdmin;
import org.webplatform.appliance.smtp.delivery.BackoffSchedule;
import org.webplatform.appliance.smtp.delivery.ConnectionCache;
import org.webplatform.appliance.smtp.delivery.DeliveryAttempt;
import org.webplatform.appliance.smtp.delivery.DeliveryScheduler;
import org.webplatform.appliance.smtp.delivery.MxResolver;
import org.webplatform.appliance.smtp.dkim.DkimMetrics;
import org.webplatform.appliance.smtp.dkim.OutgoingSigner;
import org.webplatform.appliance.smtp.inbound.InboundCredentials;
import org.webplatform.appliance.smtp.inbound.InboundListener;
import org.webplatform.appliance.smtp.inbound.RelayPolicy;
import org.webplatform.appliance.smtp.queue.Spool;

/**
 * The SMTP relay role (replaces Postfix on the mail VM): accepts mail from our networks (and
 * authenticated users), queues it durably before answering 250, and delivers it by MX with
 * retries and bounces. Start order: spool recovery, queue manager, then listeners, so nothing is
 * accepted before the queue works; stop in reverse. {@link #reload()} re-reads the STARTTLS
 * certificate and the users file.
 *
 * <p>Every logger of the relay is named {@code smtp-relay} or {@code smtp-relay.PART} (one level:
 * qmgr, smtpd, spool): the daemon's log layout prints a logger name outside the project's
 * packages up to its last dot, so every relay line starts with {@code smtp-relay:}, the role's
 * name, whichever class wrote it.
 */
public final class SmtpRelayRole implements Role {
  private static final Logger log = LoggerFactory.getLogger("smtp-relay");

  private final MailConfig config;
  private final Clock clock;
  private final SmtpMetrics metrics;
  private final DkimMetrics dkimMetrics;
  private volatile List<InetSocketAddress> bound = List.of();
  private volatile DeliveryScheduler scheduler;
  private volatile InboundListener listener;
  private volatile QueueAdmin admin;
  private volatile InboundCredentials credentials;
  private volatile boolean running;

  public SmtpRelayRole(MailConfig config, RoleContext context) {
    this.config = config;
    this.clock = context.clock();
    this.metrics =
        new SmtpMetrics(context.metrics(), () -> scheduler == null ? 0 : scheduler.size());
    this.dkimMetrics = new DkimMetrics(context.metrics());
  }

  @Override
  public String name() {
    return "smtp-relay";
  }

  @Override
  public synchronized void start() throws Exception {
    if (running) {
      throw new IllegalStateException("smtp-relay is already started");
    }
    String hostName = config.hostname().isEmpty() ? localHostName() : config.hostname();
    Spool spool = new Spool(config.spool(), clock);
    List<String> recovered = spool.recover();
    InboundCredentials inboundCredentials = InboundCredentials.load(config, hostName, clock);
    MailConfig.Delivery d = config.delivery();
    MxResolver resolver =
        new MxResolver(
            config.resolvers(),
            config.relayDomains(),
            config.relayhost(),
            config.deliveryPort(),
            () -> bound);
    ConnectionCache cache = new ConnectionCache(Duration.ofSeconds(2), d.destinationConcurrency());
    DeliveryAttempt attempt =
        new DeliveryAttempt(resolver, cache, hostName, d.connectTimeout(), d.hopCountLimit());
    DeliveryScheduler qmgr =
        new DeliveryScheduler(
            spool,
            attempt,
            cache,
            metrics,
            clock,
            new BackoffSchedule(d.minimalBackoff(), d.maximalBackoff()),
            d.maximalQueueLifetime(),
            hostName,
            d.deliveryThreads(),
            new OutgoingSigner(config.dkim(), config.relayNetworks(), dkimMetrics, clock));
    qmgr.start(recovered);
    scheduler = qmgr;
    admin = new QueueAdmin(spool, qmgr);
    InboundListener.Deps deps =
        new InboundListener.Deps(
            new RelayPolicy(config.relayNetworks(), config.relayDomains().keySet()),
            spool,
            metrics,
            clock,
            hostName,
            config.limits().messageSizeLimit(),
            config.limits().dataTimeout(),
            qmgr::enqueue);
    InboundListener inbound = new InboundListener(config, deps, inboundCredentials);
    try {
      bound = List.copyOf(inbound.start());
    } catch (IOException e) {
      qmgr.stop(Duration.ZERO);
      throw e;
    }
    listener = inbound;
    credentials = inboundCredentials;
    running = true;
    for (InetSocketAddress a : bound) {
      log.info("listening proto=smtp addr={} hostname={}", HostPort.format(a), hostName);
    }
    log.info("started queued={} relayhost={} relay_domains={} dkim_keys={} auth={}",
        recovered.size(), config.relayhost().map(HostPort::format).orElse("none"),
        config.relayDomains().size(), config.dkim().keys().size(),
        inboundCredentials.authEnabled());
  }

  @Override
  public synchronized void stop(Duration grace) {
    boolean wasRunning = running;
    running = false;
    if (listener != null) {
      listener.stop();
      listener = null;
    }
    if (scheduler != null) {
      scheduler.stop(grace);
    }
    if (wasRunning) {
      log.info("stopped queued={}", scheduler.size());
    }
  }

  @Override
  public Health health() {
    DeliveryScheduler s = scheduler;
    if (!running || s == null) {
      return Health.unhealthy("not running");
    }
    InboundCredentials c = credentials;
    if (c != null && !c.problems().isEmpty()) {
      return Health.degraded("queue=" + s.size() + "; reload failed, previous files in use: "
          + String.join("; ", c.problems()));
    }
    return Health.healthy("queue=" + s.size());
  }

  /**
   * SIGHUP: re-reads {@code tls_cert}/{@code tls_key} and {@code users_file}; a file that fails
   * keeps the previous one in use and makes the role DEGRADED until a reload succeeds. Listeners,
   * routes, limits and DKIM keys stay as started (restart for those).
   */
  @Override
  public void reload() {
    InboundCredentials c = credentials;
    if (c != null) {
      c.reload();
    }
  }

  @Override
  public List<InetSocketAddress> boundAddresses() {
    return bound;
  }

  /** The queue operations for the admin listener; present once started. */
  public QueueAdmin queueAdmin() {
    QueueAdmin a = admin;
    if (a == null) {
      throw new IllegalStateException("smtp-relay is not started");
    }
    return a;
  }

  private static String localHostName() {
    try {
      String name = InetAddress.getLocalHost().getCanonicalHostName();
      return name.matches("[A-Za-z0-9.-]+") ? name : "localhost";
    } catch (IOException e) {
      return "localhost";
    }
  }
}
