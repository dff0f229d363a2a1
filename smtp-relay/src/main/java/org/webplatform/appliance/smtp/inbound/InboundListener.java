package org.webplatform.appliance.smtp.inbound;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.SessionHandler;
import org.webplatform.appliance.config.MailConfig;
import org.webplatform.appliance.smtp.SmtpMetrics;
import org.webplatform.appliance.smtp.queue.Spool;

/**
 * The SMTP server side: one subethasmtp server per listen address, sharing one bounded, named
 * session pool (one blocking thread per connection). Wiring only; behaviour is in {@link
 * InboundMessage}, {@link RelayPolicy}, {@link SmtpAuth} and {@link ReplyRewriter}.
 */
public final class InboundListener {

  /** What an inbound transaction needs. */
  public record Deps(
      RelayPolicy policy,
      Spool spool,
      SmtpMetrics metrics,
      Clock clock,
      String hostName,
      long messageSizeLimit,
      Duration dataTimeout,
      Consumer<String> onQueued) {
    public Deps {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(spool, "spool");
      Objects.requireNonNull(onQueued, "onQueued");
    }
  }

  private final MailConfig config;
  private final Deps deps;
  private final SSLContext tls;
  private final UsersFile users;
  private final List<SMTPServer> servers = new ArrayList<>();

  public InboundListener(MailConfig config, Deps deps, SSLContext tls, UsersFile users) {
    this.config = config;
    this.deps = deps;
    this.tls = tls;
    this.users = users;
  }

  /** Binds every listen address; returns the bound addresses. */
  public List<InetSocketAddress> start() throws IOException {
    MailConfig.Limits limits = config.limits();
    List<InetSocketAddress> bound = new ArrayList<>();
    try {
      for (InetSocketAddress address : config.listen()) {
        // subethasmtp admits maxConnections + 10 sockets and answers the extra ones with 421
        // itself, so the pool has room for those. One pool per server: stop() shuts it down.
        AtomicInteger ids = new AtomicInteger();
        String prefix = "smtpd-" + address.getPort() + "-";
        ExecutorService sessions =
            new ThreadPoolExecutor(
                0,
                limits.maxConnections() + 11,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                r -> {
                  Thread t = new Thread(r, prefix + ids.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
        SMTPServer.Builder builder =
            SMTPServer.port(address.getPort())
                .bindAddress(address.getAddress())
                .hostName(deps.hostName())
                .softwareName("appliance")
                .backlog(128)
                .messageHandlerFactory(context -> new InboundMessage(context, deps))
                .fromAddressValidator(raw -> true) // checked in InboundMessage.from
                .maxMessageSize((int) limits.messageSizeLimit())
                .maxConnections(limits.maxConnections())
                .maxRecipients(limits.recipientLimit())
                .connectionTimeout((int) limits.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .sessionHandler(
                    SessionHandler.limitConcurrentSessionsBySource(
                        limits.maxConnectionsPerClient()))
                .executorService(sessions)
                .insertReceivedHeaders(false) // ours names ESMTPS/ESMTPSA (RFC 3848) and the id
                .serverSocketFactory(() -> new RewritingSockets.Listener(deps.hostName()))
                .serverThreadName("smtpd-accept-" + address.getPort())
                .enableTLS()
                .startTlsSocketFactory(
                    socket -> ((RewritingSockets.PlainSocket) socket).startTls(tls));
        if (!users.isEmpty()) {
          builder.authenticationHandlerFactory(new SmtpAuth(users, deps.metrics()));
        }
        SMTPServer server = builder.build();
        server.start();
        servers.add(server);
        bound.add(new InetSocketAddress(address.getAddress(), server.getPortAllocated()));
      }
    } catch (RuntimeException e) {
      stop();
      throw new IOException("smtp listener: " + e.getMessage(), e);
    }
    return bound;
  }

  /** Closes listeners and open sessions (subethasmtp waits for session threads). */
  public void stop() {
    for (SMTPServer server : servers) {
      server.stop();
    }
    servers.clear();
  }
}
