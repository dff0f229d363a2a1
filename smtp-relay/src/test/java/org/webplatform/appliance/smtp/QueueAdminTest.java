package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.smtp.admin.QueueAdmin;
import org.webplatform.appliance.smtp.testing.CapturingReceiver;
import org.webplatform.appliance.smtp.testing.RelayFixture;
import org.webplatform.appliance.smtp.testing.SmtpScript;
import org.webplatform.appliance.smtp.testing.Waits;

/** list / show / hold / release / flush / delete, as {@code appliance queue ...} uses them. */
class QueueAdminTest {
  @TempDir Path dir;

  @Test
  void holdKeepsAMessageUntilReleasedAndDeleteRemovesIt() throws Exception {
    try (CapturingReceiver sink = new CapturingReceiver("127.0.0.2")) {
      // The sink refuses everything at first, so messages stay deferred in the queue.
      sink.onRcpt(r -> new org.subethamail.smtp.RejectException(451, "4.3.2 not now"));
      try (RelayFixture relay = new RelayFixture(dir, Clock.systemUTC(),
          "relayhost: \"127.0.0.2:" + sink.port() + "\"\n"
              + "delivery: { minimal_backoff: 1h, maximal_backoff: 1h }\n")) {
        String a;
        String b;
        try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
          a = EndToEndTest.send(c, "a@anchor.test", List.of("one@remote.test"),
              "Subject: a\r\n\r\na\r\n");
          b = EndToEndTest.send(c, "a@anchor.test", List.of("two@remote.test"),
              "Subject: b\r\n\r\nb\r\n");
        }
        QueueAdmin admin = relay.role.queueAdmin();
        Waits.until(Duration.ofSeconds(10),
            () -> admin.list().lines().filter(l -> l.contains("\"deferred\"")).count() == 2,
            admin::list);
        assertTrue(admin.list().contains(
            "\"delay_reason\":\"host 127.0.0.2[127.0.0.2] said: 451 4.3.2"), admin.list());
        assertTrue(admin.show(a).orElseThrow().contains("Subject: a"));
        // message_size is the message as queued (our Received header + the client's bytes),
        // not the queue file, which also holds the envelope and record framing.
        String line = admin.list().lines().filter(l -> l.contains(a)).findFirst().orElseThrow();
        long messageSize = number(line, "message_size");
        long fileSize = number(line, "queue_file_size");
        Path file = relay.spool.resolve("queue").resolve(a);
        assertEquals(Files.size(file), fileSize);
        // A small message is one 'M' record: from our Received field to the 9-byte END record.
        long content = Files.readString(file, StandardCharsets.ISO_8859_1).indexOf("Received: ");
        assertEquals(fileSize - 9 - content, messageSize, line);
        assertEquals("{\"held\":1}", admin.hold(a));
        assertTrue(admin.list().contains("\"queue_name\":\"hold\",\"queue_id\":\"" + a + "\""));
        sink.onRcpt(r -> null);
        assertEquals("{\"flushed\":1}", admin.flush()); // the held one stays
        Waits.until(Duration.ofSeconds(10), () -> sink.messages.size() == 1, () -> "b sent");
        assertEquals(List.of("two@remote.test"), sink.messages.get(0).recipients());
        assertEquals(1, relay.queued());
        assertEquals("{\"released\":1}", admin.release(a));
        Waits.until(Duration.ofSeconds(10), () -> sink.messages.size() == 2, () -> "a sent");
        relay.awaitEmptyQueue(Duration.ofSeconds(10));
        assertEquals("{\"deleted\":0}", admin.delete(b));
        assertEquals("{\"deleted\":0}", admin.delete("../../etc/passwd"));
        sink.onRcpt(r -> new org.subethamail.smtp.RejectException(451, "4.3.2 not now"));
        try (SmtpScript c = new SmtpScript(relay.address(), "127.0.0.1")) {
          EndToEndTest.send(c, "a@anchor.test", List.of("three@remote.test"),
              "Subject: c\r\n\r\nc\r\n");
        }
        assertEquals("{\"deleted\":1}", admin.delete("all"));
        assertEquals("", admin.list());
        assertEquals(0, relay.queued());
      }
    }
  }

  private static long number(String json, String key) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return Long.parseLong(m.group(1));
  }
}
