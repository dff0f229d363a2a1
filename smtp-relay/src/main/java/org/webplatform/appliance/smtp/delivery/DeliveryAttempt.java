package org.webplatform.appliance.smtp.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.webplatform.appliance.smtp.queue.Envelope;

/**
 * One delivery attempt of one message to its pending recipients: group by destination, route
 * each group ({@link MxResolver}), try its hosts in order over cached or new connections, and
 * return one {@link Outcome} per recipient. No side effects on the queue: the scheduler applies
 * the outcomes.
 */
public final class DeliveryAttempt {

  /** What happened to one recipient. */
  public sealed interface Outcome {
    String recipient();

    /** {@code host[ip]:port}, or "none" when no host was reached. */
    String relay();

    String status();

    String detail();
  }

  public record Sent(String recipient, String relay, String status, String detail)
      implements Outcome {}

  public record Deferred(String recipient, String relay, String status, String detail)
      implements Outcome {}

  public record Bounced(String recipient, String relay, String status, String detail)
      implements Outcome {}

  /** Opens the message content afresh for each transaction. */
  public interface Content {
    InputStream open() throws IOException;
  }

  private final MxResolver resolver;
  private final ConnectionCache cache;
  private final String hostName;
  private final Duration connectTimeout;
  private final int hopCountLimit;

  public DeliveryAttempt(
      MxResolver resolver,
      ConnectionCache cache,
      String hostName,
      Duration connectTimeout,
      int hopCountLimit) {
    this.resolver = resolver;
    this.cache = cache;
    this.hostName = hostName;
    this.connectTimeout = connectTimeout;
    this.hopCountLimit = hopCountLimit;
  }

  public List<Outcome> deliver(
      Envelope envelope, List<String> pending, long contentLength, Content content)
      throws IOException, InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    int hops = receivedHeaders(content);
    if (hops > hopCountLimit) {
      // RFC 5321 §6.3: a message that went round too often is a loop; Postfix bounces it too.
      for (String rcpt : pending) {
        outcomes.add(new Bounced(rcpt, "none", "5.4.6", "Too many hops (" + hops
            + " Received: headers, limit " + hopCountLimit + "): mail forwarding loop"));
      }
      return outcomes;
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Map<String, String> domainOf = new LinkedHashMap<>();
    for (String rcpt : pending) {
      String domain = rcpt.substring(rcpt.lastIndexOf('@') + 1);
      String key = resolver.destination(domain);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(rcpt);
      domainOf.putIfAbsent(key, domain);
    }
    for (Map.Entry<String, List<String>> group : groups.entrySet()) {
      String key = group.getKey();
      if (!cache.acquire(key, Duration.ofMinutes(5))) {
        for (String rcpt : group.getValue()) {
          outcomes.add(new Deferred(rcpt, "none", "4.4.5",
              "delivery temporarily suspended: concurrency limit for " + key));
        }
        continue;
      }
      try {
        outcomes.addAll(deliverGroup(
            envelope, domainOf.get(key), group.getValue(), contentLength, content));
      } finally {
        cache.release(key);
      }
    }
    return outcomes;
  }

  private List<Outcome> deliverGroup(
      Envelope envelope, String domain, List<String> rcpts, long length, Content content)
      throws IOException {
    MxRoute route = resolver.route(domain);
    List<Outcome> outcomes = new ArrayList<>();
    if (route instanceof MxRoute.Permanent p) {
      rcpts.forEach(r -> outcomes.add(new Bounced(r, "none", p.status(), p.text())));
      return outcomes;
    }
    if (route instanceof MxRoute.Temporary t) {
      rcpts.forEach(r -> outcomes.add(new Deferred(r, "none", t.status(), t.text())));
      return outcomes;
    }
    String lastReason = "no host to try";
    for (MxRoute.Host host : ((MxRoute.Hosts) route).hosts()) {
      for (InetSocketAddress address : host.addresses()) {
        // Postfix's names: host[address] in replies quoted back, host[address]:port as relay=.
        String peer = host.name() + "[" + address.getAddress().getHostAddress() + "]";
        String relay = peer + ":" + address.getPort();
        SmtpConnection.TransactionResult result = null;
        SmtpConnection conn = null;
        for (int tries = 0; tries < 2 && result == null; tries++) {
          boolean reused = false;
          try {
            conn = tries == 0 ? cache.take(address) : null;
            reused = conn != null;
            if (conn == null) {
              conn = open(address);
            }
            try (InputStream in = content.open()) {
              result = conn.send(envelope.sender(), rcpts, length, in);
            }
          } catch (SmtpConnection.ConnectionFailure e) {
            lastReason = e.getMessage();
            if (!reused) {
              break; // a fresh connection failed: next address
            }
          }
        }
        if (result == null) {
          continue;
        }
        cache.put(conn);
        for (int i = 0; i < rcpts.size(); i++) {
          outcomes.add(outcome(rcpts.get(i), relay, peer, result, i));
        }
        return outcomes;
      }
    }
    for (String rcpt : rcpts) {
      outcomes.add(new Deferred(rcpt, "none", "4.4.1", lastReason));
    }
    return outcomes;
  }

  private SmtpConnection open(InetSocketAddress address) throws IOException {
    try {
      return SmtpConnection.open(address, hostName, connectTimeout, true);
    } catch (SmtpConnection.ConnectionFailure e) {
      if (e.getCause() instanceof SSLException) {
        // Opportunistic TLS that fails is retried once in clear text at once: the peer offered
        // STARTTLS but cannot complete it, and "may" promises no more than best effort.
        return SmtpConnection.open(address, hostName, connectTimeout, false);
      }
      throw e;
    }
  }

  private static Outcome outcome(
      String rcpt, String relay, String peer, SmtpConnection.TransactionResult r, int i) {
    SmtpReply reply;
    String phase;
    if (!r.mail().positive()) {
      reply = r.mail();
      phase = "MAIL FROM";
    } else if (!r.rcpts().get(i).positive()) {
      reply = r.rcpts().get(i);
      phase = "RCPT TO";
    } else if (r.data() == null) {
      return new Deferred(rcpt, relay, "4.3.0", "no recipient accepted by " + peer);
    } else {
      reply = r.data();
      phase = r.data().code() == 354 || r.data().positive() ? "end of DATA" : "DATA";
    }
    if (reply.positive()) {
      return new Sent(rcpt, relay, reply.status(), reply.toString());
    }
    String detail = "host " + peer + " said: " + reply + " (in reply to " + phase
        + " command)";
    return reply.temporary()
        ? new Deferred(rcpt, relay, reply.status(), detail)
        : new Bounced(rcpt, relay, reply.status(), detail);
  }

  /** Counts Received: header fields in the message header (stops at the empty line). */
  static int receivedHeaders(Content content) throws IOException {
    int count = 0;
    try (InputStream in = new java.io.BufferedInputStream(content.open())) {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          String l = line.toString();
          if (l.isEmpty() || l.equals("\r")) {
            break;
          }
          if (l.regionMatches(true, 0, "Received:", 0, 9)) {
            count++;
          }
          line.setLength(0);
        } else if (line.length() < 16) {
          line.append((char) b);
        }
      }
    }
    return count;
  }
}
