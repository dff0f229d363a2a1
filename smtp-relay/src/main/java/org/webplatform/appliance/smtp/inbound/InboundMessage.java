package org.webplatform.appliance.smtp.inbound;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.smtp.queue.Envelope;
import org.webplatform.appliance.smtp.queue.Origin;
import org.webplatform.appliance.smtp.queue.Spool;

/**
 * One mail transaction (MAIL, RCPT..., DATA) on an inbound connection. subethasmtp calls {@link
 * #from}, {@link #recipient} (once per RCPT), {@link #data} and {@link #done} in that order, on
 * the session thread.
 *
 * <p>{@link #data} streams the message into a spool file and returns only after the file is
 * durable (see {@link Spool.Incoming#commit()}); subethasmtp sends our "250 2.0.0 Ok: queued as
 * ID" after it returns. The size limit is enforced here, because subethasmtp's maxMessageSize only
 * advertises SIZE: past the limit we stop writing, read the rest of DATA to its end (else the
 * unread lines would be parsed as commands) and answer 552 with nothing queued.
 */
final class InboundMessage implements MessageHandler {
  private static final Logger log = LoggerFactory.getLogger("smtp-relay.smtpd");
  private static final DateTimeFormatter RFC5322 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  /** Characters of a HELO name that would break the log line or the Received field. */
  private static final Pattern HELO_UNSAFE = Pattern.compile("[\\s()\\[\\];]");

  private final MessageContext context;
  private final InboundListener.Deps deps;
  private final InetAddress clientAddress;
  private String sender;
  private final List<String> recipients = new ArrayList<>();

  InboundMessage(MessageContext context, InboundListener.Deps deps) {
    this.context = context;
    this.deps = deps;
    this.clientAddress = ((InetSocketAddress) context.getRemoteAddress()).getAddress();
  }

  @Override
  public void from(String raw) throws RejectException {
    Verdict verdict = deps.policy().sender(raw);
    if (verdict instanceof Verdict.Reject reject) {
      throw reject(reject, "MAIL", raw);
    }
    MailPath path = ((Verdict.Accept) verdict).path();
    sender = path.localPart().isEmpty() ? "" : path.address();
    hint("2.1.0");
  }

  @Override
  public void recipient(String raw) throws RejectException {
    boolean authenticated = context.getAuthenticationHandler().isPresent();
    Verdict verdict = deps.policy().recipient(clientAddress, authenticated, raw);
    if (verdict instanceof Verdict.Reject reject) {
      throw reject(reject, "RCPT", raw);
    }
    recipients.add(((Verdict.Accept) verdict).path().address());
    hint("2.1.5");
  }

  @Override
  public String data(InputStream in) throws RejectException, IOException {
    Instant arrival = deps.clock().instant();
    long deadline = System.nanoTime() + deps.dataTimeout().toNanos();
    Envelope envelope =
        new Envelope(arrival, helo() + "[" + HostPort.address(clientAddress) + "]", sender,
            recipients, origin());
    Spool.Incoming incoming = deps.spool().receive(envelope);
    boolean committed = false;
    long size = 0;
    try {
      OutputStream out = new BufferedOutputStream(incoming.content(), 64 * 1024);
      out.write(receivedHeader(incoming.id(), arrival).getBytes(StandardCharsets.US_ASCII));
      byte[] buffer = new byte[16 * 1024];
      boolean tooBig = false;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        checkDeadline(deadline, incoming.id());
        size += n;
        if (size > deps.messageSizeLimit()) {
          tooBig = true;
          break;
        }
        out.write(buffer, 0, n);
      }
      if (tooBig) {
        incoming.abort();
        while (in.read(buffer) >= 0) {
          checkDeadline(deadline, incoming.id());
        }
        deps.metrics().rejected("size");
        log.info(
            "reject: DATA from {}: 552 5.3.4 Message size exceeds fixed limit; from=<{}>"
                + " helo=<{}> size_limit={}",
            client(), sender, helo(), deps.messageSizeLimit());
        if (context instanceof Session session) {
          // RFC 5321 §4.1.1.4: a refused DATA ends the transaction; subethasmtp would keep it.
          session.resetMailTransaction();
        }
        throw new RejectException(552, "5.3.4 Message size exceeds fixed limit");
      }
      out.flush();
      incoming.commit();
      committed = true;
    } finally {
      if (!committed) {
        incoming.abort();
      }
    }
    deps.metrics().received();
    // size= is the message as queued, our Received field included: queue list's message_size
    // and Postfix's qmgr size=.
    log.info(
        "id={} client={} helo=<{}> origin={} from=<{}> size={} nrcpt={} status=queued",
        incoming.id(), client(), helo(), envelope.origin().token(), sender,
        incoming.contentBytes(), recipients.size());
    deps.onQueued().accept(incoming.id());
    return "2.0.0 Ok: queued as " + incoming.id();
  }

  @Override
  public void done() {}

  private void checkDeadline(long deadline, String id) throws DropConnectionException {
    if (System.nanoTime() - deadline > 0) {
      deps.metrics().rejected("timeout");
      log.info("id={} timeout after DATA from {}: disconnecting helo=<{}> data_timeout={}", id,
          client(), helo(), deps.dataTimeout());
      throw new DropConnectionException(
          421, "4.4.2 " + deps.hostName() + " Error: timeout exceeded");
    }
  }

  private RejectException reject(Verdict.Reject reject, String command, String raw) {
    deps.metrics().rejected(reject.reason());
    log.info(
        "reject: {} from {}: {} {}; from=<{}> to=<{}> helo=<{}>",
        command, client(), reject.code(), reject.reply(), sender == null ? "" : sender,
        RelayPolicy.printable(raw), helo());
    return new RejectException(reject.code(), reject.reply());
  }

  private void hint(String status) {
    if (context instanceof Session session
        && session.getSocket() instanceof RewritingSockets.Rewritten rewritten
        && rewritten.rewriter() != null) {
      rewritten.rewriter().nextOkStatus(status);
    }
  }

  /** Postfix's client name for logs, {@code unknown[ip]}. */
  private String client() {
    return ClientName.of(clientAddress);
  }

  /**
   * Trusted when the client is in relay_networks or authenticated (RelayPolicy's test), as
   * recorded in the queue file for DKIM signing.
   */
  private Origin origin() {
    if (deps.policy().trustedNetwork(clientAddress)) {
      return Origin.RELAY_NETWORKS;
    }
    return context.getAuthenticationHandler().isPresent() ? Origin.AUTHENTICATED : Origin.UNTRUSTED;
  }

  private String helo() {
    return HELO_UNSAFE.matcher(RelayPolicy.printable(context.getHelo().orElse("unknown")))
        .replaceAll("_");
  }

  /** RFC 5321 §4.4 trace header; protocol names from RFC 3848. */
  private String receivedHeader(String id, Instant arrival) {
    boolean tls = context instanceof Session s && s.isTLSStarted();
    boolean auth = context.getAuthenticationHandler().isPresent();
    String protocol = "ESMTP" + (tls ? "S" : "") + (auth ? "A" : "");
    String forClause = recipients.size() == 1 ? "\r\n\tfor <" + recipients.get(0) + ">" : "";
    return "Received: from " + helo() + " ([" + HostPort.address(clientAddress) + "])\r\n"
        + "\tby " + deps.hostName() + " (appliance) with " + protocol + " id " + id
        + forClause + "; " + RFC5322.format(arrival) + "\r\n";
  }
}
