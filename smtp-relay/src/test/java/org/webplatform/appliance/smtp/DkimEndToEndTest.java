package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.RejectException;
import org.webplatform.appliance.config.MailConfig;
import org.webplatform.appliance.role.RoleContext;
import org.webplatform.appliance.smtp.dkim.DkimAlgorithm;
import org.webplatform.appliance.smtp.dkim.DkimKey;
import org.webplatform.appliance.smtp.dkim.DkimKeyGenerator;
import org.webplatform.appliance.smtp.dkim.DkimTestSupport;
import org.webplatform.appliance.smtp.testing.CapturingReceiver;
import org.webplatform.appliance.smtp.testing.LogCapture;
import org.webplatform.appliance.smtp.testing.RelayFixture;
import org.webplatform.appliance.smtp.testing.SmtpScript;
import org.webplatform.appliance.smtp.testing.TestDns;
import org.webplatform.appliance.smtp.testing.Waits;

/**
 * Mail through the relay to a capturing receiver: signed (rsa-sha256 + ed25519-sha256) for our
 * domain, verified by dkimpy, every other byte as submitted; unsigned for other domains; an
 * unsignable message is deferred, or sent unsigned with on_error: deliver.
 */
class DkimEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private TestDns dns;
  private CapturingReceiver mx1;
  private DkimKey rsa;
  private DkimKey ed;

  @BeforeEach
  void start() throws Exception {
    dns = new TestDns();
    mx1 = new CapturingReceiver("127.0.0.2");
    dns.mx("remote.test", 10, "mx1.remote.test").a("mx1.remote.test", "127.0.0.2");
    rsa = DkimKeyGenerator.generate("anchor.test", "rsa1", DkimAlgorithm.RSA_SHA256,
        Optional.of(dir.resolve("keys/rsa1.pem"))).key();
    ed = DkimKeyGenerator.generate("anchor.test", "ed1", DkimAlgorithm.ED25519_SHA256,
        Optional.of(dir.resolve("keys/ed1.pem"))).key();
  }

  @AfterEach
  void stop() {
    mx1.close();
    dns.close();
  }

  private String yaml(String onError) {
    return "resolvers: [" + dns.resolverConfig() + "]\n"
        + "delivery_port: " + mx1.port() + "\n"
        + "delivery: { minimal_backoff: 1s, maximal_backoff: 2s, connect_timeout: 2s }\n"
        + "dkim:\n"
        + "  on_error: " + onError + "\n"
        + "  keys:\n"
        + "    rsa1: { domain: anchor.test, key_file: keys/rsa1.pem }\n"
        + "    ed1: { domain: anchor.test, key_file: keys/ed1.pem, algorithm: ed25519 }\n";
  }

  private static byte[] latin1Message(String from) {
    return ("From: Alice <" + from + ">\r\nTo: bob@remote.test\r\nSubject: Gr\u00fc\u00dfe\r\n"
        + "Date: Thu, 26 Nov 2026 00:00:00 +0000\r\nMessage-ID: <e2e@anchor.test>\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n\r\nK\u00f6ln  \u00e9t\u00e9 \t\r\n.dot\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void submit(InetSocketAddress relay, String from, byte[] message)
      throws Exception {
    try (SmtpScript c = new SmtpScript(relay, "127.0.0.1")) {
      assertTrue(c.reply().startsWith("220"));
      c.command("EHLO client.anchor.test");
      assertTrue(c.command("MAIL FROM:<" + from + ">").startsWith("250"));
      assertTrue(c.command("RCPT TO:<bob@remote.test>").startsWith("250"));
      assertTrue(c.command("DATA").startsWith("354"));
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      data.writeBytes(new String(message, StandardCharsets.ISO_8859_1).replace("\r\n.", "\r\n..")
          .getBytes(StandardCharsets.ISO_8859_1));
      data.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
      c.sendBytes(data.toByteArray());
      assertTrue(c.reply().startsWith("250 2.0.0 Ok: queued as"));
    }
  }

  private static double counter(PrometheusRegistry registry, String name, String... labels) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .flatMap(s -> s.getDataPoints().stream())
        .filter(d -> {
          for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(d.getLabels().get(labels[i]))) {
              return false;
            }
          }
          return true;
        })
        .mapToDouble(d -> ((CounterSnapshot.CounterDataPointSnapshot) d).getValue())
        .sum();
  }

  @Test
  void relayedMailIsDualSignedVerifiesAndIsOtherwiseByteIdentical() throws Exception {
    byte[] message = latin1Message("alice@anchor.test");
    try (RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(), yaml("defer"))) {
      submit(relay.address(), "alice@anchor.test", message);
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "delivery");
      byte[] got = mx1.messages.get(0).content();
      String text = new String(got, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;"
          + " d=anchor.test; s=rsa1;"), text);
      int second = text.indexOf("DKIM-Signature: v=1; a=ed25519-sha256;");
      assertTrue(second > 0, text);
      // After the two signature fields: our Received field, then the submitted bytes unchanged.
      int received = text.indexOf("Received: from ");
      assertTrue(received > second, text);
      int original = text.indexOf("From: Alice");
      assertArrayEquals(message, Arrays.copyOfRange(got, original, got.length));
      List<String> results = DkimTestSupport.dkimpy(dir, List.of(rsa, ed), got);
      assertEquals(List.of("pass rsa-sha256", "pass ed25519-sha256"), results);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(1.0, counter(relay.registry, "appliance_smtp_dkim_signed",
          "domain", "anchor.test"));
      assertEquals(1.0, counter(relay.registry, "appliance_smtp_dkim_signatures",
          "domain", "anchor.test", "algorithm", "rsa-sha256"));
      assertEquals(1.0, counter(relay.registry, "appliance_smtp_dkim_signatures",
          "domain", "anchor.test", "algorithm", "ed25519-sha256"));
    }
  }

  /** Signed afresh at each attempt, but counted (and logged) as one signed message. */
  @Test
  void aRetriedDualSignedMessageCountsOnceAsSignedAndOnceForEachSignatureSent()
      throws Exception {
    AtomicInteger rcpts = new AtomicInteger();
    mx1.onRcpt(r -> rcpts.incrementAndGet() == 1
        ? new RejectException(451, "4.7.1 greylisted, try again later") : null);
    try (LogCapture logs = new LogCapture();
        RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(), yaml("defer"))) {
      submit(relay.address(), "alice@anchor.test", latin1Message("alice@anchor.test"));
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "delivery after a retry");
      relay.awaitEmptyQueue(WAIT);
      assertEquals(2, rcpts.get());
      assertEquals(1.0, counter(relay.registry, "appliance_smtp_dkim_signed"), "messages");
      assertEquals(4.0, counter(relay.registry, "appliance_smtp_dkim_signatures"),
          "2 keys x 2 attempts");
      assertEquals(1, logs.messagesContaining("dkim=signed d=anchor.test s=rsa1,ed1").size(),
          logs.lines().toString());
    }
  }

  /** A header section over 1 MiB: 1100 fields of 1000 bytes. */
  private static byte[] bigHeaderMessage(String from) {
    return ("From: " + from + "\r\nSubject: big header\r\n"
        + ("X-Filler: " + "f".repeat(988) + "\r\n").repeat(1100) + "\r\nbody\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void mailNoKeyAppliesToGoesOutWhateverItsHeaderSize() throws Exception {
    try (RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(), yaml("defer"))) {
      submit(relay.address(), "carol@elsewhere.test", bigHeaderMessage("carol@elsewhere.test"));
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "delivery, not a deferral");
      assertTrue(mx1.messages.get(0).text().startsWith("Received: from "));
      assertEquals(0.0, counter(relay.registry, "appliance_smtp_dkim_failures"));
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void signableMailWithAnOversizedHeaderFollowsOnError() throws Exception {
    try (LogCapture logs = new LogCapture();
        RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(), yaml("defer"))) {
      submit(relay.address(), "alice@anchor.test", bigHeaderMessage("alice@anchor.test"));
      Waits.until(WAIT, () -> counter(relay.registry, "appliance_smtp_dkim_failures") >= 1,
          () -> "a signing failure");
      Waits.until(WAIT, () -> relay.role.queueAdmin().list().contains("\"deferred\""),
          () -> "deferred in the queue");
      assertEquals(0, mx1.messages.size(), "an unsignable message must not leave unsigned");
      assertTrue(relay.role.queueAdmin().list().contains("header section longer than 1048576"),
          relay.role.queueAdmin().list());
      assertFalse(logs.messagesContaining("dkim=failed action=defer").isEmpty());
    }
    try (RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(), yaml("deliver"))) {
      relay.role.queueAdmin().flush();
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "unsigned delivery");
      assertTrue(mx1.messages.get(0).text().startsWith("Received: from "));
      relay.awaitEmptyQueue(WAIT);
    }
  }

  @Test
  void otherDomainsGoUnsigned() throws Exception {
    byte[] message = latin1Message("carol@elsewhere.test");
    try (RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(), yaml("defer"))) {
      submit(relay.address(), "carol@elsewhere.test", message);
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "delivery");
      String text = mx1.messages.get(0).text();
      assertTrue(text.startsWith("Received: from "), text);
      assertEquals(0.0, counter(relay.registry, "appliance_smtp_dkim_signed"));
    }
  }

  @Test
  void unreadableKeyDefersByDefaultAndDeliversUnsignedWhenAsked() throws Exception {
    MailConfig deferring = RelayFixture.config(dir, yaml("defer"));
    MailConfig delivering = RelayFixture.config(dir, yaml("deliver"));
    Files.delete(dir.resolve("keys/rsa1.pem")); // lost after the config was checked
    PrometheusRegistry registry = new PrometheusRegistry();
    SmtpRelayRole role = new SmtpRelayRole(deferring, new RoleContext(registry,
        Clock.systemUTC()));
    role.start();
    try {
      submit(role.boundAddresses().get(0), "alice@anchor.test",
          latin1Message("alice@anchor.test"));
      Waits.until(WAIT, () -> counter(registry, "appliance_smtp_dkim_failures") >= 1,
          () -> "a signing failure");
      Thread.sleep(300);
      assertEquals(0, mx1.messages.size(), "an unsignable message must not leave unsigned");
      try (var queued = Files.list(dir.resolve("spool/queue"))) {
        assertEquals(1, queued.count());
      }
    } finally {
      role.stop(Duration.ofSeconds(2));
    }
    // Same spool, now with on_error: deliver: the queued message goes out unsigned.
    PrometheusRegistry registry2 = new PrometheusRegistry();
    SmtpRelayRole role2 = new SmtpRelayRole(delivering, new RoleContext(registry2,
        Clock.systemUTC()));
    role2.start();
    try {
      Waits.until(WAIT, () -> mx1.messages.size() == 1, () -> "unsigned delivery");
      assertTrue(mx1.messages.get(0).text().startsWith("Received: from "));
      assertTrue(counter(registry2, "appliance_smtp_dkim_failures") >= 1);
    } finally {
      role2.stop(Duration.ofSeconds(2));
    }
  }
}
