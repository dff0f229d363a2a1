package org.webplatform.appliance.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
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
import org.webplatform.appliance.smtp.inbound.InboundListener;
import org.webplatform.appliance.smtp.inbound.RelayPolicy;
import org.webplatform.appliance.smtp.inbound.TlsContexts;
import org.webplatform.appliance.smtp.inbound.UsersFile;
import org.webplatform.appliance.smtp.queue.Spool;

/**
 * The SMTP relay role (replaces Postfix on the mail VM): accepts mail from our networks (and
 * authenticated users), queues it durably before answering 250, and delivers it by MX with
 * retries and bounces. Start order: spool recovery, queue manager, then listeners, so nothing is
 * accepted before the queue works; stop in reverse.
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
    SSLContext tls;
    if (config.tlsCert().isPresent()) {
      tls = TlsContexts.fromPem(config.tlsCert().get(), config.tlsKey().orElseThrow());
    } else {
      tls = TlsContexts.selfSigned(hostName, clock.instant());
      log.info("no tls_cert configured: STARTTLS uses a generated self-signed certificate");
    }
    UsersFile users =
        config.usersFile().isPresent()
            ? UsersFile.read(config.usersFile().get())
            : UsersFile.empty();
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
            new OutgoingSigner(config.dkim(), dkimMetrics, clock));
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
    InboundListener inbound = new InboundListener(config, deps, tls, users);
    try {
      bound = List.copyOf(inbound.start());
    } catch (IOException e) {
      qmgr.stop(Duration.ZERO);
      throw e;
    }
    listener = inbound;
    running = true;
    for (InetSocketAddress a : bound) {
      log.info("listening proto=smtp addr={} hostname={} queued={}",
          HostPort.format(a), hostName, recovered.size());
    }
  }

  @Override
  public synchronized void stop(Duration grace) {
    running = false;
    if (listener != null) {
      listener.stop();
      listener = null;
    }
    if (scheduler != null) {
      scheduler.stop(grace);
    }
  }

  @Override
  public Health health() {
    DeliveryScheduler s = scheduler;
    if (!running || s == null) {
      return Health.unhealthy("not running");
    }
    return Health.healthy("queue=" + s.size());
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
