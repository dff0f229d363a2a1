package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.RejectException;
import org.webplatform.appliance.smtp.testing.CapturingReceiver;
import org.webplatform.appliance.smtp.testing.LogCapture;
import org.webplatform.appliance.smtp.testing.RelayFixture;
import org.webplatform.appliance.smtp.testing.SmtpScript;
import org.webplatform.appliance.smtp.testing.TestDns;
import org.webplatform.appliance.testing.Processes;

/**
 * What the relay logs, in Postfix's terms: {@code relay=host[ip]:port}, {@code host host[ip]
 * said:}, {@code client=unknown[ip]}; one {@code smtp-relay} logger family for every line (the
 * daemon prints it as the {@code smtp-relay:} prefix) and no library MDC fields; start and stop.
 */
class RelayLogTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void relayhostAndNextHopsAreLoggedAsAddressThenBracketedAddress() throws Exception {
    try (CapturingReceiver hop = new CapturingReceiver("127.0.0.2");
        LogCapture logs = new LogCapture();
        RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(),
            "relayhost: \"127.0.0.2:" + hop.port() + "\"\n"
                + "relay_domains: { anchor.test: \"127.0.0.2:" + hop.port() + "\" }\n")) {
      hop.onRcpt(r -> r.startsWith("nobody")
          ? new RejectException(550, "5.1.1 <" + r + ">: Recipient address rejected") : null);
      try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
        EndToEndTest.send(c, "ops@anchor.test", List.of("someone@remote.test"),
            "Subject: via relayhost\r\n\r\nhi\r\n");
        EndToEndTest.send(c, "ops@anchor.test", List.of("nobody@anchor.test"),
            "Subject: via next hop\r\n\r\nhi\r\n");
      }
      relay.awaitEmptyQueue(WAIT);
      String relayField = "relay=127.0.0.2[127.0.0.2]:" + hop.port();
      List<String> sent = logs.messagesContaining("to=<someone@remote.test>");
      assertEquals(1, sent.size(), logs.lines().toString());
      assertTrue(sent.get(0).contains(relayField + " delay="), sent.get(0));
      assertTrue(sent.get(0).contains("status=sent"), sent.get(0));
      List<String> bounced = logs.messagesContaining("to=<nobody@anchor.test>");
      assertEquals(1, bounced.size(), logs.lines().toString());
      assertTrue(bounced.get(0).contains(relayField + " delay="), bounced.get(0));
      assertTrue(bounced.get(0).contains("status=bounced (host 127.0.0.2[127.0.0.2] said: 550"),
          bounced.get(0));
      assertTrue(logs.messagesContaining("][").isEmpty(), logs.lines().toString());
    }
  }

  @Test
  void mxHostsAreLoggedAsNameThenBracketedAddress() throws Exception {
    try (TestDns dns = new TestDns();
        CapturingReceiver mx = new CapturingReceiver("127.0.0.2");
        LogCapture logs = new LogCapture();
        RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(),
            "resolvers: [" + dns.resolverConfig() + "]\ndelivery_port: " + mx.port() + "\n")) {
      dns.mx("remote.test", 10, "mx1.remote.test").a("mx1.remote.test", "127.0.0.2");
      try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
        EndToEndTest.send(c, "ops@anchor.test", List.of("x@remote.test"), "Subject: mx\r\n\r\n");
      }
      relay.awaitEmptyQueue(WAIT);
      List<String> sent = logs.messagesContaining("to=<x@remote.test>");
      assertEquals(1, sent.size(), logs.lines().toString());
      assertTrue(sent.get(0).contains("relay=mx1.remote.test[127.0.0.2]:" + mx.port()),
          sent.get(0));
    }
  }

  @Test
  void everyRelayLineIsAnSmtpRelayLoggerWithoutLibraryFieldsFromStartToStop() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("spool/tmp"));
    Files.writeString(tmp.resolve("123C1E9147A0000A"), "never acknowledged");
    try (CapturingReceiver hop = new CapturingReceiver("127.0.0.2");
        LogCapture logs = new LogCapture()) {
      try (RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(),
          "relay_networks: [\"127.0.0.1/32\"]\n"
              + "relayhost: \"127.0.0.2:" + hop.port() + "\"\n")) {
        Processes.Result in = Processes.swaks(relay.port(), "--local-interface", "127.0.0.1",
            "--ehlo", "vm.anchor.test", "--from", "ops@anchor.test", "--to", "a@remote.test");
        assertTrue(in.output().contains("250 2.0.0 Ok: queued as"), in.output());
        Processes.Result out = Processes.swaks(relay.port(), "--local-interface", "127.0.0.3",
            "--ehlo", "outsider.example", "--from", "x@outside.example",
            "--to", "victim@remote.test", "--quit-after", "RCPT");
        assertTrue(out.output().contains("554 5.7.1"), out.output());
        relay.awaitEmptyQueue(WAIT);
      }
      List<LogCapture.Line> ours = logs.lines().stream()
          .filter(l -> !l.logger().startsWith("org.subethamail")
              && !l.logger().startsWith("org.xbill"))
          .toList();
      for (LogCapture.Line line : ours) {
        assertTrue(line.logger().equals("smtp-relay") || line.logger().startsWith("smtp-relay."),
            line.toString());
        assertEquals(java.util.Map.of(), line.mdc(), line.toString());
      }
      assertOne(ours, "spool removed unacknowledged partial file file=123C1E9147A0000A");
      assertOne(ours, "listening proto=smtp addr=127.0.0.1:");
      assertOne(ours, "started queued=0 relayhost=127.0.0.2:" + hop.port());
      assertTrue(matches(ours, "id=[0-9A-F]{16} client=unknown\\[127\\.0\\.0\\.1\\]"
          + " helo=<vm\\.anchor\\.test> origin=relay_networks from=<ops@anchor\\.test> size=\\d+"
          + " nrcpt=1 status=queued"), ours.toString());
      assertTrue(matches(ours, "reject: RCPT from unknown\\[127\\.0\\.0\\.3\\]: 554 5\\.7\\.1"
          + " <victim@remote\\.test>: Relay access denied; from=<x@outside\\.example>"
          + " to=<victim@remote\\.test> helo=<outsider\\.example>"), ours.toString());
      assertOne(ours, "stopped queued=0");
      assertFalse(ours.stream().anyMatch(l -> l.message().contains("SessionId")));
    }
  }

  private static void assertOne(List<LogCapture.Line> lines, String text) {
    assertEquals(1, lines.stream().filter(l -> l.message().contains(text)).count(),
        text + " in " + lines);
  }

  private static boolean matches(List<LogCapture.Line> lines, String regex) {
    Pattern p = Pattern.compile(regex);
    return lines.stream().anyMatch(l -> p.matcher(l.message()).matches());
  }
}
