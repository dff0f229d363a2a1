package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.RejectException;
import org.webplatform.appliance.smtp.dkim.DkimAlgorithm;
import org.webplatform.appliance.smtp.dkim.DkimKey;
import org.webplatform.appliance.smtp.dkim.DkimKeyGenerator;
import org.webplatform.appliance.smtp.dkim.DkimTestSupport;
import org.webplatform.appliance.smtp.testing.CapturingReceiver;
import org.webplatform.appliance.smtp.testing.LogCapture;
import org.webplatform.appliance.smtp.testing.RelayFixture;
import org.webplatform.appliance.smtp.testing.Waits;
import org.webplatform.appliance.testing.Processes;

/**
 * Only trusted submissions are signed (OpenDKIM: InternalHosts or authenticated clients). The
 * reproduction: relay_networks 127.0.0.1/32, anchor.test a relay domain whose next hop is a
 * capturing receiver, and swaks from 127.0.0.3 with a forged {@code From: ceo@anchor.test}.
 */
class DkimTrustTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private CapturingReceiver nextHop;
  private DkimKey key;

  @BeforeEach
  void start() throws Exception {
    nextHop = new CapturingReceiver("127.0.0.2");
    key = DkimKeyGenerator.generate("anchor.test", "rsa1", DkimAlgorithm.RSA_SHA256,
        Optional.of(dir.resolve("keys/rsa1.pem"))).key();
  }

  @AfterEach
  void stop() {
    nextHop.close();
  }

  private String yaml() {
    return "relay_networks: [\"127.0.0.1/32\"]\n"
        + "relay_domains: { anchor.test: \"127.0.0.2:" + nextHop.port() + "\" }\n"
        + "delivery: { minimal_backoff: 1s, maximal_backoff: 2s, connect_timeout: 2s }\n"
        + "dkim:\n"
        + "  keys:\n"
        + "    rsa1: { domain: anchor.test, key_file: keys/rsa1.pem }\n";
  }

  private static Processes.Result swaks(RelayFixture relay, String from, String subject)
      throws Exception {
    return Processes.swaks(relay.port(), "--local-interface", from,
        "--from", "ceo@anchor.test", "--to", "postmaster@anchor.test",
        "--header", "From: CEO <ceo@anchor.test>", "--header", "Subject: " + subject);
  }

  @Test
  void forgedFromOutsideIsDeliveredUnsignedAndTheSameFromInsideIsSigned() throws Exception {
    // The forged message is deferred once, so the skip is decided at two attempts.
    AtomicInteger rcpts = new AtomicInteger();
    nextHop.onRcpt(r -> rcpts.incrementAndGet() == 1
        ? new RejectException(451, "4.3.0 try again") : null);
    try (LogCapture logs = new LogCapture();
        RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(), yaml())) {
      Processes.Result outside = swaks(relay, "127.0.0.3", "forged");
      assertTrue(outside.output().contains("250 2.0.0 Ok: queued as "), outside.output());
      String outsideId = queueId(outside.output());
      Waits.until(WAIT, () -> nextHop.messages.size() == 1, () -> "delivery of the outsider's");
      String forged = nextHop.messages.get(0).text();
      assertTrue(forged.contains("Subject: forged"), forged);
      assertFalse(forged.contains("DKIM-Signature"), forged);
      relay.awaitEmptyQueue(WAIT);
      assertEquals(2, rcpts.get(), "delivered at the second attempt");
      assertEquals(1,
          logs.messagesContaining("id=" + outsideId + " dkim=skipped reason=untrusted-client")
              .size(), "logged once per message: " + logs.lines());
      assertTrue(logs.messagesContaining("id=" + outsideId + " client=unknown[127.0.0.3]")
          .get(0).contains("origin=untrusted"), logs.lines().toString());

      Processes.Result inside = swaks(relay, "127.0.0.1", "genuine");
      assertTrue(inside.output().contains("250 2.0.0 Ok: queued as "), inside.output());
      Waits.until(WAIT, () -> nextHop.messages.size() == 2, () -> "delivery of the insider's");
      byte[] signed = nextHop.messages.get(1).content();
      String text = new String(signed, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("DKIM-Signature: v=1; a=rsa-sha256;"), text);
      assertEquals(List.of("pass rsa-sha256"), DkimTestSupport.dkimpy(dir, List.of(key), signed));
      String insideId = queueId(inside.output());
      assertEquals(1, logs.messagesContaining(
          "id=" + insideId + " dkim=signed d=anchor.test s=rsa1").size(), logs.lines().toString());
      assertTrue(logs.messagesContaining("id=" + insideId + " dkim=skipped").isEmpty());
    }
  }

  /**
   * Queue files from before the origin was recorded: signed only when their recorded client
   * address is in relay_networks (an unknown origin is never trusted on its word).
   */
  @Test
  void queueFilesWithoutARecordedOriginAreSignedOnlyForRelayNetworkClients() throws Exception {
    Path queue = Files.createDirectories(dir.resolve("spool/queue"));
    byte[] message = ("From: ceo@anchor.test\r\nTo: postmaster@anchor.test\r\n"
        + "Subject: old\r\n\r\nqueued before the upgrade\r\n").getBytes(StandardCharsets.US_ASCII);
    Files.write(queue.resolve("123BB2E07D500000"), QueueFileTest.formerFormat(
        "vm[127.0.0.1]", "ceo@anchor.test", List.of("a@anchor.test"), message));
    Files.write(queue.resolve("123BB2E07D500001"), QueueFileTest.formerFormat(
        "outsider[127.0.0.3]", "ceo@anchor.test", List.of("b@anchor.test"), message));
    try (RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(), yaml())) {
      Waits.until(WAIT, () -> nextHop.messages.size() == 2, () -> "both old messages sent");
      for (CapturingReceiver.Received m : nextHop.messages) {
        boolean insider = m.recipients().equals(List.of("a@anchor.test"));
        assertEquals(insider, m.text().startsWith("DKIM-Signature: "), m.text());
      }
      relay.awaitEmptyQueue(WAIT);
    }
  }

  private static String queueId(String swaksOutput) {
    int at = swaksOutput.indexOf("queued as ") + "queued as ".length();
    return swaksOutput.substring(at, at + 16);
  }
}
