package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.smtp.inbound.UsersFile;
import org.webplatform.appliance.smtp.testing.CapturingReceiver;
import org.webplatform.appliance.testing.Processes;
import org.webplatform.appliance.smtp.testing.RelayFixture;
import org.webplatform.appliance.smtp.testing.SmtpScript;

/**
 * Never an open relay: from 127.0.0.3 (outside relay_networks 127.0.0.1/32) every trick is a
 * 5xx and nothing is queued; from inside, and after AUTH over TLS, relaying works.
 */
class OpenRelayTest {
  @TempDir static Path dir;
  private static RelayFixture relay;
  private static CapturingReceiver anchorHop;

  /** Recipient tricks (Postfix's open-relay checklist, RFC 2505, RFC 5321 §3.6). */
  private static final List<String> TRICKS =
      List.of(
          "<victim@remote.test>",
          "<victim%remote.test@anchor.test>",
          "<victim%remote.test>",
          "<remote.test!victim@anchor.test>",
          "<remote.test!victim>",
          "<@anchor.test:victim@remote.test>",
          "<@anchor.test,@relay.anchor.test:victim@remote.test>",
          "<victim@remote.test@anchor.test>",
          "<\"victim@remote.test\"@anchor.test>",
          "<\"victim%remote.test\"@anchor.test>",
          "<\"victim@remote.test\">",
          "<victim@remote.test.>",
          "<victim@anchor.test.remote.test>",
          "<victim@sub.anchor.test>",
          "<victim@[127.0.0.1]>",
          "<victim@[127.0.0.2]>",
          "<victim@[IPv6:::1]>",
          "<victim@127.0.0.2>",
          "<victim@relay.anchor.test>",
          "<victim@localhost>",
          "<victim@remote.test%anchor.test>",
          "<victim@anchor.test:victim@remote.test>",
          "victim@remote.test",
          "<VICTIM@REMOTE.TEST>",
          "<victim@remote.test> ORCPT=rfc822;victim@anchor.test");

  @BeforeAll
  static void start() throws Exception {
    anchorHop = new CapturingReceiver("127.0.0.2");
    Path users = dir.resolve("users");
    Files.writeString(users, "alice:" + UsersFile.hash("s3cret", 1000) + "\n");
    relay = new RelayFixture(dir, Clock.systemUTC(),
        "relay_networks: [\"127.0.0.1/32\"]\n"
            + "relay_domains: { anchor.test: \"127.0.0.2:" + anchorHop.port() + "\" }\n"
            + "users_file: users\n"
            + "relayhost: \"127.0.0.2:" + anchorHop.port() + "\"\n");
  }

  private static double received() {
    return relay.counter("appliance_smtp_messages_received");
  }

  @AfterAll
  static void stop() {
    relay.close();
    anchorHop.close();
  }

  @Test
  void everyRecipientTrickFromOutsideGetsA5xxAndNothingIsQueued() throws Exception {
    double before = received();
    List<String> failures = new ArrayList<>();
    try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.3")) {
      assertTrue(c.reply().startsWith("220"));
      c.command("EHLO outsider.example");
      for (String rcpt : TRICKS) {
        assertTrue(c.command("MAIL FROM:<spammer@outside.example>").startsWith("250"));
        String reply = c.command("RCPT TO:" + rcpt);
        if (!reply.startsWith("5")) {
          failures.add(rcpt + " -> " + reply);
        }
        String data = c.command("DATA");
        if (!data.startsWith("5")) {
          failures.add(rcpt + " DATA -> " + data);
        }
        c.command("RSET");
      }
    }
    assertTrue(failures.isEmpty(), "accepted from outside: " + failures);
    assertTrue(TRICKS.size() >= 20);
    assertEquals(before, received(), "nothing queued");
    assertTrue(anchorHop.messages.stream().noneMatch(m -> m.sender().contains("spammer")));
  }

  @Test
  void swaksFromOutsideIsDeniedWithPostfixsReply() throws Exception {
    double before = received();
    Processes.Result r = Processes.swaks(relay.port(), "--local-interface", "127.0.0.3",
        "--from", "x@outside.example", "--to", "victim@remote.test", "--quit-after", "RCPT");
    assertTrue(r.output().contains("<** 554 5.7.1 <victim@remote.test>: Relay access denied"),
        r.output());
    assertEquals(before, received());
  }

  @Test
  void authIsNeitherOfferedNorAcceptedWithoutTls() throws Exception {
    double before = received();
    try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.3")) {
      assertTrue(c.reply().startsWith("220"));
      String ehlo = c.command("EHLO outsider.example");
      assertFalse(ehlo.contains("AUTH"), ehlo);
      assertTrue(ehlo.contains("STARTTLS") && ehlo.contains("PIPELINING")
          && ehlo.contains("ENHANCEDSTATUSCODES") && ehlo.contains("SIZE 10240000"), ehlo);
      String plain = Base64.getEncoder().encodeToString(
          "\0alice\0s3cret".getBytes(StandardCharsets.US_ASCII));
      String auth = c.command("AUTH PLAIN " + plain);
      assertTrue(auth.startsWith("538 5.7.11"), auth);
      c.command("MAIL FROM:<x@outside.example>");
      String rcpt = c.command("RCPT TO:<victim@remote.test>");
      assertTrue(rcpt.startsWith("554 5.7.1"), rcpt);
    }
    assertEquals(before, received());
  }

  @Test
  void wrongPasswordOverTlsIsRefusedAndTheRightOneRelays() throws Exception {
    double before = received();
    Processes.Result wrong = Processes.swaks(relay.port(), "--local-interface", "127.0.0.3",
        "-tls", "--auth", "PLAIN", "--auth-user", "alice", "--auth-password", "wrong",
        "--from", "alice@outside.example", "--to", "victim@remote.test");
    assertTrue(wrong.output().contains("535 5.7.8"), wrong.output());
    Processes.Result unknown = Processes.swaks(relay.port(), "--local-interface", "127.0.0.3",
        "-tls", "--auth", "LOGIN", "--auth-user", "mallory", "--auth-password", "s3cret",
        "--from", "m@outside.example", "--to", "victim@remote.test");
    assertTrue(unknown.output().contains("535 5.7.8"), unknown.output());
    assertEquals(before, received());
    Processes.Result right = Processes.swaks(relay.port(), "--local-interface", "127.0.0.3",
        "-tls", "--auth", "LOGIN", "--auth-user", "alice", "--auth-password", "s3cret",
        "--from", "alice@outside.example", "--to", "friend@remote.test");
    assertTrue(right.output().contains("235 2.7.0"), right.output());
    assertTrue(right.output().contains("250 2.0.0 Ok: queued as"), right.output());
  }

  @Test
  void outsidersMayMailOurRelayDomainsAndInsidersMayRelay() throws Exception {
    Processes.Result in = Processes.swaks(relay.port(), "--local-interface", "127.0.0.3",
        "--from", "x@outside.example", "--to", "postmaster@anchor.test");
    assertTrue(in.output().contains("250 2.0.0 Ok: queued as"), in.output());
    Processes.Result inside = Processes.swaks(relay.port(), "--local-interface", "127.0.0.1",
        "--from", "cron@anchor.test", "--to", "someone@remote.test");
    assertTrue(inside.output().contains("250 2.0.0 Ok: queued as"), inside.output());
  }
}
