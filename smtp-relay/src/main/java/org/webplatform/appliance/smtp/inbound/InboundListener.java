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
import org.slf4j.MDC;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
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
  private final InboundCredentials credentials;
  private final List<SMTPServer> servers = new ArrayList<>();

  public InboundListener(MailConfig config, Deps deps, InboundCredentials credentials) {
    this.config = config;
    this.deps = deps;
    this.credentials = credentials;
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
                    new WithoutLibraryMdc(
                        SessionHandler.limitConcurrentSessionsBySource(
                            limits.maxConnectionsPerClient())))
                .executorService(sessions)
                .insertReceivedHeaders(false) // ours names ESMTPS/ESMTPSA (RFC 3848) and the id
                .serverSocketFactory(() -> new RewritingSockets.Listener(deps.hostName()))
                .serverThreadName("smtpd-accept-" + address.getPort())
                .enableTLS()
                .startTlsSocketFactory(
                    socket -> ((RewritingSockets.PlainSocket) socket).startTls(credentials.tls()));
        if (credentials.authEnabled()) {
          builder.authenticationHandlerFactory(new SmtpAuth(credentials::users, deps.metrics()));
        }
        SMTPServer server = builder.build();
        server.getCommandHandler().addCommand(new BdatRefused());
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

  /**
   * BDAT without CHUNKING (RFC 3030): subethasmtp implements BDAT and accepts it even though we
   * do not advertise CHUNKING (size limit, data timeout and our Received header live in the DATA
   * path). Answered as Postfix does when CHUNKING is off ({@code smtpd.c}, bdat_cmd), and the
   * connection closed, because the chunk's raw bytes follow the command and must not be read as
   * commands. It replaces the library's BDAT in the server's command table, which only takes
   * subethasmtp's own (internal-package) command type.
   */
  private static final class BdatRefused extends BaseCommand {
    BdatRefused() {
      super("BDAT", "not offered: CHUNKING is not advertised");
    }

    @Override
    public void execute(String commandString, Session session) throws DropConnectionException {
      throw new DropConnectionException(521, "5.5.1 Error: command not implemented");
    }
  }

  /**
   * Drops the MDC keys subethasmtp puts on every session thread ({@code SessionId},
   * {@code smtpServerLocalSocketAddress}): the daemon's log layout appends MDC entries to each
   * line, and our lines name the client themselves ({@code client=unknown[ip]}).
   */
  private record WithoutLibraryMdc(SessionHandler limit) implements SessionHandler {
    @Override
    public SessionAcceptance accept(Session session) {
      MDC.remove("SessionId");
      MDC.remove("smtpServerLocalSocketAddress");
      return limit.accept(session);
    }

    @Override
    public void onSessionEnd(Session session) {
      limit.onSessionEnd(session);
    }
  }

  /** Closes listeners and open sessions (subethasmtp waits for session threads). */
  public void stop() {
    for (SMTPServer server : servers) {
      server.stop();
    }
    servers.clear();
  }
}
