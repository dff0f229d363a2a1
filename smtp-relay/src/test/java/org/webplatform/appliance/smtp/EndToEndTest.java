package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.RejectException;
import org.webplatform.appliance.smtp.testing.CapturingReceiver;
import org.webplatform.appliance.smtp.testing.MutableClock;
import org.webplatform.appliance.testing.Peers;
import org.webplatform.appliance.testing.Processes;
import org.webplatform.appliance.smtp.testing.RelayFixture;
import org.webplatform.appliance.smtp.testing.SmtpScript;
import org.webplatform.appliance.smtp.testing.TestDns;
import org.webplatform.appliance.smtp.testing.Waits;

/**
 * swaks / smtp-source → our relay → MX from a test DNS server → capturing receivers (or
 * smtp-sink) on other loopback addresses, all sharing one delivery port.
 */
class EndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private TestDns dns;
  private CapturingReceiver mx1; // 127.0.0.2
  private CapturingReceiver mx2; // 127.0.0.4
  private CapturingReceiver senderMx; // 127.0.0.5: where bounces for sender.test go
  private int port;

  @BeforeEach
  void startNetwork() throws Exception {
    dns = new TestDns();
    mx1 = new CapturingReceiver("127.0.0.2");
    port = mx1.port();
    mx2 = new CapturingReceiver("127.0.0.4", port);
    senderMx = new CapturingReceiver("127.0.0.5", port);
    dns.mx("remote.test", 10, "mx1.remote.test").a("mx1.remote.test", "127.0.0.2");
    dns.mx("sender.test", 10, "mx.sender.test").a("mx.sender.test", "127.0.0.5");
  }

  @AfterEach
  void stopNetwork() {
    mx1.close();
    mx2.close();
    senderMx.close();
    dns.close();
  }

  private RelayFixture relay(Clock clock, String extra) throws Exception {
    return new RelayFixture(dir, clock,
        "resolvers: [" + dns.resolverConfig() + "]\n"
            + "delivery_port: " + port + "\n"
            + (extra.contains("delivery:")
                ? ""
                : "delivery: { minimal_backoff: 1s, maximal_backoff: 2s, connect_timeout: 2s }\n")
            + extra);
  }

  private static double metric(RelayFixture r, String name) {
    return r.registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .flatMap(s -> s.getDataPoints().stream())
        .mapToDouble(d -> d instanceof CounterSnapshot.CounterDataPointSnapshot c ? c.getValue()
            : d instanceof GaugeSnapshot.GaugeDataPointSnapshot g ? g.getValue() : 0)
        .sum();
  }

  @Test
  void swaksMessageArrivesByteIdenticalBehindOneReceivedHeader() throws Exception {
    try (RelayFixture relay = relay(Clock.systemUTC(), "")) {
      String body = "From: a@sender.test\r\nTo: victim@remote.test\r\nSubject: e2e\r\n"
          + "X-Unique: 1a2b3c\r\n\r\nline one\r\n.leading dot\r\n..two dots\r\n"
          + "x".repeat(990) + "\r\nlast\r\n";
      Path file = dir.resolve("msg.eml");
      Files.writeString(file, body, StandardCharsets.US_ASCII);
      Processes.Result r = Processes.swaks(relay.port(), "--from", "a@sender.test",
          "--to", "victim@remote.test,second@remote.test", "--data", "@" + file);
      assertTrue(r.output().contains("250 2.0.0 Ok: queued as "), r.output());
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "delivery to mx1");
      CapturingReceiver.Received got = mx1.messages.get(0);
      assertEquals("a@sender.test", got.sender());
      assertEquals(List.of("victim@remote.test", "second@remote.test"), got.recipients());
      String text = got.text();
      assertTrue(text.startsWith("Received: from "), text);
      int end = text.indexOf("\r\n", text.indexOf("; ")) + 2; // end of our header
      // swaks ends DATA with "\r\n.\r\n" after the file, adding one empty line of its own.
      byte[] original = (body + "\r\n").getBytes(StandardCharsets.US_ASCII);
      assertArrayEquals(original, Arrays.copyOfRange(got.content(), end, got.content().length),
          text);
      assertTrue(text.substring(0, end).contains("by relay.anchor.test (appliance) with ESMTP"));
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1.0, metric(relay, "appliance_smtp_messages_received"));
      assertEquals(2.0, metric(relay, "appliance_smtp_messages_sent"));
      assertEquals(0.0, metric(relay, "appliance_smtp_queue_size"));
    }
  }

  /**
   * 8-bit and NUL bytes pass unchanged; a bare LF in the data is sent on as CRLF (RFC 5321
   * §2.3.8); a last line without CRLF gets one.
   */
  @Test
  void scriptedMessageWithBareLfNulAndEightBitArrivesWithOnlyLineEndsMadeCrlf()
      throws Exception {
    try (RelayFixture relay = relay(Clock.systemUTC(), "")) {
      String message = "Subject: raw\r\nX-Eight: caf\u00e9\r\n\r\n.dot\r\nbare\nlf\r\n"
          + "nul\u0000byte\r\nno final newline";
      try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
        c.greeted = false;
        assertTrue(c.reply().startsWith("220"));
        c.command("EHLO x");
        c.command("MAIL FROM:<a@sender.test>");
        c.command("RCPT TO:<r@remote.test>");
        c.command("DATA");
        c.send(message.replace("\r\n.", "\r\n..") + "\r\n.\r\n");
        assertTrue(c.reply().startsWith("250 2.0.0 Ok: queued as"));
      }
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "delivery");
      String got = mx1.messages.get(0).text();
      String expected = "\r\n\r\n.dot\r\nbare\r\nlf\r\nnul\u0000byte\r\nno final newline\r\n";
      assertTrue(got.endsWith(expected), got);
      assertTrue(got.contains("\r\nX-Eight: caf\u00e9\r\n"), got);
      assertTrue(!got.replace("\r\n", "").contains("\n"), "no bare LF left: " + got);
    }
  }

  @Test
  void mxPreferenceOrderIsFollowedAndDeadHostsAreSkipped() throws Exception {
    dns.mx("pref.test", 30, "mx3.pref.test").a("mx3.pref.test", "127.0.0.2");
    dns.mx("pref.test", 10, "down.pref.test").a("down.pref.test", "127.0.0.6"); // refused
    dns.mx("pref.test", 20, "mx2.pref.test").a("mx2.pref.test", "127.0.0.4");
    dns.a("implicit.test", "127.0.0.2"); // no MX: the A record is the implicit MX
    try (RelayFixture relay = relay(Clock.systemUTC(), "")) {
      try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
        send(c, "a@sender.test", List.of("x@pref.test"), "Subject: pref\r\n\r\nhi\r\n");
        // A second transaction on the same session.
        send(c, "a@sender.test", List.of("y@implicit.test"), "Subject: implicit\r\n\r\nhi\r\n");
      }
      Waits.until(WAIT, () -> mx2.messages.size() == 1 && mx1.messages.size() == 1,
          () -> "mx2 and implicit deliveries");
      assertEquals(List.of("x@pref.test"), mx2.messages.get(0).recipients());
      assertEquals(List.of("y@implicit.test"), mx1.messages.get(0).recipients());
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void temporaryFailureIsRetriedWithBackoffUntilItSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    mx1.onRcpt(rcpt -> calls.incrementAndGet() <= 2
        ? new RejectException(451, "4.7.1 greylisted, try again later") : null);
    try (RelayFixture relay = relay(Clock.systemUTC(), "")) {
      Processes.Result r = Processes.swaks(relay.port(), "--from", "a@sender.test",
          "--to", "later@remote.test", "--header", "Subject: retry");
      assertTrue(r.output().contains("queued as"), r.output());
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "delivery after retries");
      assertEquals(3, calls.get());
      assertEquals(2.0, metric(relay, "appliance_smtp_messages_deferred"));
      relay.awaitEmptyQueue(WAIT);
      assertEquals(0, senderMx.messages.size(), "no bounce for a retried message");
    }
  }

  @Test
  void permanentFailureBouncesOnlyThatRecipientWithAnRfc3464Report() throws Exception {
    mx1.onRcpt(rcpt -> rcpt.startsWith("nobody")
        ? new RejectException(550, "5.1.1 <" + rcpt + ">: Recipient address rejected") : null);
    dns.mx("nullmx.test", 0, ".");
    try (RelayFixture relay = relay(Clock.systemUTC(), "")) {
      try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
        send(c, "alice@sender.test",
            List.of("nobody@remote.test", "ok@remote.test", "x@nullmx.test", "y@nx.test"),
            "Subject: bounce me\r\nMessage-ID: <b1@sender.test>\r\n\r\nbody\r\n");
      }
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "delivery of ok@");
      assertEquals(List.of("ok@remote.test"), mx1.messages.get(0).recipients());
      Waits.until(WAIT, () -> senderMx.messages.size() == 1, () -> "DSN at the sender's MX");
      CapturingReceiver.Received dsn = senderMx.messages.get(0);
      assertEquals("", dsn.sender(), "bounces use the null sender");
      assertEquals(List.of("alice@sender.test"), dsn.recipients());
      String t = dsn.text();
      assertTrue(t.contains("Content-Type: multipart/report; report-type=delivery-status"), t);
      assertTrue(t.contains("Content-Type: message/delivery-status"), t);
      assertTrue(t.contains("Final-Recipient: rfc822; nobody@remote.test\r\nAction: failed\r\n"
          + "Status: 5.1.1\r\nRemote-MTA: dns; mx1.remote.test"), t);
      assertTrue(t.contains("Final-Recipient: rfc822; x@nullmx.test\r\nAction: failed\r\n"
          + "Status: 5.1.10"), t);
      assertTrue(t.contains("Final-Recipient: rfc822; y@nx.test\r\nAction: failed\r\n"
          + "Status: 5.4.4"), t);
      assertTrue(t.contains("Content-Type: message/rfc822\r\n\r\nReceived: from "), t);
      assertTrue(t.contains("Message-ID: <b1@sender.test>"), t);
      assertTrue(!t.contains("ok@remote.test"), "delivered recipients are not reported");
      relay.awaitEmptyQueue(WAIT);
      assertEquals(3.0, metric(relay, "appliance_smtp_messages_bounced"));
    }
  }

  @Test
  void aBounceThatFailsIsDroppedNotBouncedAgain() throws Exception {
    mx1.onRcpt(rcpt -> new RejectException(550, "5.1.1 unknown"));
    try (RelayFixture relay = relay(Clock.systemUTC(), "")) {
      try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
        send(c, "", List.of("nobody@remote.test"), "Subject: a bounce\r\n\r\nbody\r\n");
      }
      Waits.until(WAIT, () -> metric(relay, "appliance_smtp_messages_bounced") == 1.0,
          () -> "bounce");
      relay.awaitEmptyQueue(WAIT);
      assertEquals(0, senderMx.messages.size());
      assertEquals(1.0, metric(relay, "appliance_smtp_messages_received"), "no DSN was queued");
    }
  }

  @Test
  void messageStillDeferredAfterTheQueueLifetimeBouncesAsExpired() throws Exception {
    dns.mx("dead.test", 10, "mx.dead.test").a("mx.dead.test", "127.0.0.6"); // refused
    MutableClock clock = new MutableClock();
    try (RelayFixture relay = relay(clock, "delivery: { minimal_backoff: 10m, "
        + "maximal_backoff: 1h, maximal_queue_lifetime: 1d, connect_timeout: 2s }\n")) {
      try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
        send(c, "bob@sender.test", List.of("x@dead.test"), "Subject: expire\r\n\r\nbody\r\n");
      }
      Waits.until(WAIT, () -> metric(relay, "appliance_smtp_messages_deferred") == 1.0,
          () -> "first deferral");
      // The state file is written just after the counter moves.
      Waits.until(WAIT, () -> relay.role.queueAdmin().list().contains(
          "\"queue_name\":\"deferred\""), () -> "deferred state in queue list");
      assertTrue(relay.role.queueAdmin().list().contains("connect to 127.0.0.6:"));
      clock.advance(Duration.ofHours(2)); // next attempt due, lifetime not yet over
      Waits.until(WAIT, () -> metric(relay, "appliance_smtp_messages_deferred") == 2.0,
          () -> "second deferral");
      clock.advance(Duration.ofDays(1));
      relay.role.queueAdmin().flush();
      Waits.until(WAIT, () -> senderMx.messages.size() == 1, () -> "expiry DSN");
      String t = senderMx.messages.get(0).text();
      assertTrue(t.contains("delivery time expired; last error: connect to 127.0.0.6:"), t);
      assertTrue(t.contains("Status: 4.4.1"), t);
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void loopingMessageWithTooManyReceivedHeadersBounces() throws Exception {
    try (RelayFixture relay = relay(Clock.systemUTC(), "")) {
      String hops = "Received: from x by y; Thu, 1 Jan 2026 00:00:00 +0000\r\n".repeat(50);
      try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
        send(c, "carol@sender.test", List.of("loop@remote.test"),
            hops + "Subject: loop\r\n\r\nbody\r\n");
      }
      Waits.until(WAIT, () -> senderMx.messages.size() == 1, () -> "loop DSN");
      assertTrue(senderMx.messages.get(0).text().contains("Status: 5.4.6"));
      assertEquals(0, mx1.messages.size());
    }
  }

  @Test
  void smtpSourceLoadThroughTheRelayReachesSmtpSink() throws Exception {
    String sink = Peers.require("smtp-sink", "postfix");
    String source = Peers.require("smtp-source", "postfix");
    int sinkPort;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.7"))) {
      sinkPort = probe.getLocalPort();
    }
    Process sinkProcess = new ProcessBuilder(sink, "-u", "nobody", "127.0.0.7:" + sinkPort, "100")
        .redirectErrorStream(true).redirectOutput(dir.resolve("sink.log").toFile()).start();
    try {
      Waits.until(WAIT, () -> canConnect("127.0.0.7", sinkPort), () -> "smtp-sink up");
      try (RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(),
          "relayhost: \"127.0.0.7:" + sinkPort + "\"\n")) {
        int n = 300;
        Processes.Result r = Processes.run(120, source, "-s", "5", "-m", String.valueOf(n),
            "-l", "2000", "-f", "a@anchor.test", "-t", "b@remote.test",
            "127.0.0.1:" + relay.port());
        assertEquals(0, r.exit(), r.output());
        Waits.until(WAIT, () -> metric(relay, "appliance_smtp_messages_sent") == n,
            () -> "all sent, got " + metric(relay, "appliance_smtp_messages_sent"));
        assertEquals((double) n, metric(relay, "appliance_smtp_messages_received"));
        relay.awaitEmptyQueue(WAIT);
      }
    } finally {
      sinkProcess.destroy();
      sinkProcess.waitFor();
    }
  }

  static boolean canConnect(String ip, int port) {
    try (java.net.Socket s = new java.net.Socket(ip, port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One transaction over a script client; asserts every step's reply class. */
  static String send(SmtpScript c, String from, List<String> rcpts, String message)
      throws IOException {
    if (!c.greeted) {
      assertTrue(c.reply().startsWith("220"));
      assertTrue(c.command("EHLO client.anchor.test").startsWith("250"));
      c.greeted = true;
    }
    assertTrue(c.command("MAIL FROM:<" + from + ">").startsWith("250 2.1.0"));
    for (String r : rcpts) {
      String reply = c.command("RCPT TO:<" + r + ">");
      assertTrue(reply.startsWith("250 2.1.5"), reply);
    }
    assertTrue(c.command("DATA").startsWith("354"));
    c.send(message.replace("\r\n.", "\r\n..") + ".\r\n");
    String done = c.reply();
    assertTrue(done.startsWith("250 2.0.0 Ok: queued as "), done);
    return done.substring("250 2.0.0 Ok: queued as ".length());
  }
}
