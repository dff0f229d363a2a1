package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.smtp.testing.CapturingReceiver;
import org.webplatform.appliance.smtp.testing.RelayFixture;
import org.webplatform.appliance.smtp.testing.SmtpScript;
import org.webplatform.appliance.smtp.testing.Waits;

/** Hostile and broken clients get clear replies or timeouts, and others are still served. */
class BadInputTest {
  @TempDir static Path dir;
  private static RelayFixture relay;
  private static CapturingReceiver sink;

  @BeforeAll
  static void start() throws Exception {
    sink = new CapturingReceiver("127.0.0.2");
    relay = new RelayFixture(dir, Clock.systemUTC(),
        "relayhost: \"127.0.0.2:" + sink.port() + "\"\n"
            + "limits: { message_size_limit: 10KiB, command_timeout: 2s, data_timeout: 4s,"
            + " max_connections_per_client: 5, recipient_limit: 100 }\n");
  }

  @AfterAll
  static void stop() {
    relay.close();
    sink.close();
  }

  private SmtpScript session() throws Exception {
    SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1");
    assertTrue(c.reply().startsWith("220"));
    expectReply(c, "EHLO client.test", "250");
    return c;
  }

  private long received() {
    return sink.messages.size();
  }

  @Test
  void oversizedMessageGets552AndNothingIsQueuedAndTheSessionGoesOn() throws Exception {
    long queuedBefore = relay.queued();
    try (SmtpScript c = session()) {
      c.command("MAIL FROM:<a@anchor.test>");
      c.command("RCPT TO:<b@remote.test>");
      expectReply(c, "DATA", "354");
      String line = "y".repeat(998) + "\r\n";
      c.send("Subject: big\r\n\r\n" + line.repeat(20) + ".\r\n");
      String reply = c.reply();
      assertEquals("552 5.3.4 Message size exceeds fixed limit", reply);
      assertEquals(queuedBefore, relay.queued());
      // The rest of DATA was drained, not parsed as commands: the session still works.
      expectReply(c, "NOOP", "250 2.0.0");
      expectReply(c, "MAIL FROM:<a@anchor.test> SIZE=20000", "552 5.3.4");
    }
    try (var tmp = java.nio.file.Files.list(relay.spool.resolve("tmp"))) {
      assertEquals(0, tmp.count(), "partial spool file removed");
    }
  }

  @Test
  void garbageCommandsGetSyntaxErrorsWithEnhancedCodes() throws Exception {
    try (SmtpScript c = session()) {
      expectReply(c, "FOO BAR", "500 5.5.2 Error: command not recognized");
      expectReply(c, "RCPT TO:<b@remote.test>", "503 5.5.1");
      expectReply(c, "DATA", "503 5.5.1");
      expectReply(c, "MAIL FROM:<not an address>", "501 5.1.7");
      expectReply(c, "MAIL FROM:<a@anchor.test>", "250 2.1.0");
      expectReply(c, "RCPT TO:<>", "501 5.1.3");
      expectReply(c, "RCPT TO:<caf\u00e9@remote.test>", "5");
      // An over-long line is refused (501) and the connection dropped; the client may see the
      // reset before the reply.
      String longLine = c.command("X".repeat(3000));
      assertTrue(longLine.startsWith("501 5.5.4") || longLine.equals("EOF"), longLine);
    }
  }

  /**
   * CHUNKING is not offered, so BDAT is refused as Postfix refuses it when CHUNKING is off, and
   * the connection closed before the chunk's bytes could be read as commands.
   */
  @Test
  void bdatIsRefusedAndTheConnectionClosedWithNothingQueued() throws Exception {
    double acceptedBefore = relay.counter("appliance_smtp_messages_received");
    try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
      assertTrue(c.reply().startsWith("220"));
      String ehlo = c.command("EHLO client.test");
      assertTrue(!ehlo.contains("CHUNKING"), ehlo);
      expectReply(c, "MAIL FROM:<a@anchor.test>", "250 2.1.0");
      expectReply(c, "RCPT TO:<b@remote.test>", "250 2.1.5");
      String chunk = "Subject: chunk\r\n\r\nRSET\r\nbody\r\n";
      c.send("BDAT " + chunk.length() + " LAST\r\n" + chunk);
      assertEquals("521 5.5.1 Error: command not implemented", c.reply());
      assertEquals("EOF", c.reply());
    }
    assertEquals(acceptedBefore, relay.counter("appliance_smtp_messages_received"),
        "nothing queued");
  }

  @Test
  void bareLfOrNulInACommandIsRefusedAndTheConnectionClosed() throws Exception {
    try (SmtpScript c = session()) {
      // subethasmtp reads on to the next CRLF, then refuses the line and hangs up.
      c.send("NOOP\nNOOP\r\n");
      String reply = c.reply();
      assertTrue(reply.startsWith("501 5.5.4 Syntax error"), reply);
      assertEquals("EOF", c.reply());
    }
    try (SmtpScript c = session()) {
      String reply = c.command("NO\0OP");
      assertTrue(reply.startsWith("5"), reply);
    }
  }

  @Test
  void stalledAndTricklingClientsTimeOutWhileOthersAreServed() throws Exception {
    long before = received();
    try (SmtpScript stalled = session(); SmtpScript trickle = session()) {
      stalled.command("MAIL FROM:<a@anchor.test>");
      stalled.command("RCPT TO:<stall@remote.test>");
      assertTrue(stalled.command("DATA").startsWith("354"));
      stalled.send("Subject: half\r\n\r\nhalf a mess");
      trickle.command("MAIL FROM:<a@anchor.test>");
      trickle.command("RCPT TO:<trickle@remote.test>");
      assertTrue(trickle.command("DATA").startsWith("354"));
      // Meanwhile a well-behaved client is served at once.
      try (SmtpScript good = session()) {
        EndToEndTest.send(markGreeted(good), "a@anchor.test", List.of("good@remote.test"),
            "Subject: good\r\n\r\nok\r\n");
      }
      // Trickle one line a second: each read is within command_timeout, but DATA takes longer
      // than data_timeout.
      String trickleReply = null;
      for (int i = 0; i < 10 && trickleReply == null; i++) {
        try {
          trickle.send("line " + i + "\r\n");
          Thread.sleep(1000);
        } catch (java.io.IOException e) {
          break;
        }
      }
      trickleReply = trickle.reply();
      assertTrue(trickleReply.startsWith("421 4.4.2"), trickleReply);
      String stalledReply = stalled.reply();
      assertTrue(stalledReply.startsWith("421 4.4.2 relay.anchor.test Error: timeout exceeded"),
          stalledReply);
    }
    Waits.until(Duration.ofSeconds(10), () -> received() == before + 1, () -> "good delivery");
    assertTrue(sink.messages.stream().noneMatch(
        m -> m.recipients().contains("stall@remote.test")
            || m.recipients().contains("trickle@remote.test")));
  }

  @Test
  void tooManyConnectionsFromOneClientAreTurnedAway() throws Exception {
    List<SmtpScript> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1");
        assertTrue(c.reply().startsWith("220"));
        open.add(c);
      }
      try (SmtpScript extra = new SmtpScript(relay.address(), "127.0.0.1")) {
        String reply = extra.reply();
        assertTrue(reply.startsWith("421 4.7.0"), reply);
      }
      try (SmtpScript other = new SmtpScript(relay.address(), "127.0.0.9")) {
        assertTrue(other.reply().startsWith("220"), "another client is still served");
      }
    } finally {
      for (SmtpScript c : open) {
        c.close();
      }
    }
  }

  private static void expectReply(SmtpScript c, String command, String prefix) throws Exception {
    String reply = c.command(command);
    assertTrue(reply.startsWith(prefix),
        command.substring(0, Math.min(60, command.length())) + " -> " + reply);
  }

  private static SmtpScript markGreeted(SmtpScript c) {
    c.greeted = true;
    return c;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
