package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.smtp.testing.CapturingReceiver;
import org.webplatform.appliance.testing.Peers;
import org.webplatform.appliance.smtp.testing.RelayMain;
import org.webplatform.appliance.smtp.testing.SmtpScript;
import org.webplatform.appliance.smtp.testing.Waits;

/**
 * Postfix's promise under SIGKILL: the relay runs in a child JVM that is killed -9 repeatedly
 * while senders (our counting clients plus smtp-source for load) keep sending. After the last
 * restart every message that got "250 queued as" must reach the sink; duplicates (delivered,
 * killed before the queue file was removed) are counted and reported, not failed.
 */
class CrashSafetyTest {
  private static final Pattern SEQ = Pattern.compile("X-Seq: (\\d+)");
  private static final int KILLS = 5;

  @TempDir Path dir;
  private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
  private final Map<Integer, AtomicInteger> delivered = new ConcurrentHashMap<>();
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final AtomicInteger nextSeq = new AtomicInteger();

  @Test
  void everyAcknowledgedMessageSurvivesRepeatedSigkill() throws Exception {
    String smtpSource = Peers.require("smtp-source", "postfix");
    try (CapturingReceiver sink = new CapturingReceiver("127.0.0.2")) {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      Path config = dir.resolve("relay.yaml");
      Files.writeString(config,
          "modules: [smtp-relay]\nmail:\n  listen: [\"127.0.0.1:" + port + "\"]\n"
              + "  hostname: crash.anchor.test\n  spool: spool\n"
              + "  relayhost: \"127.0.0.2:" + sink.port() + "\"\n"
              + "  delivery: { minimal_backoff: 1s, maximal_backoff: 2s }\n");
      Path logConfig = dir.resolve("logback.xml");
      Files.writeString(logConfig, "<configuration><appender name=\"F\" "
          + "class=\"ch.qos.logback.core.FileAppender\"><file>" + dir.resolve("child.log")
          + "</file><encoder><pattern>%d %msg%n</pattern></encoder></appender>"
          + "<root level=\"INFO\"><appender-ref ref=\"F\"/></root></configuration>");
      InetSocketAddress relay = new InetSocketAddress("127.0.0.1", port);

      Process child = startChild(config, logConfig);
      List<Thread> senders = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Thread t = new Thread(() -> sendLoop(relay), "crash-sender-" + i);
        t.start();
        senders.add(t);
      }
      Thread load = new Thread(() -> sourceLoop(smtpSource, port), "crash-smtp-source");
      load.start();
      try {
        for (int kill = 0; kill < KILLS; kill++) {
          int target = acked.size() + 150;
          Waits.until(Duration.ofSeconds(60), () -> acked.size() >= target,
              () -> "more acknowledged messages (have " + acked.size() + ")");
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
          child.waitFor();
          child = startChild(config, logConfig);
        }
        Waits.until(Duration.ofSeconds(60), () -> acked.size() >= 150 * (KILLS + 1),
            () -> "final batch");
      } finally {
        sending.set(false);
        for (Thread t : senders) {
          t.join(30_000);
        }
        load.join(60_000);
      }
      for (CapturingReceiver.Received m : sink.messages) {
        Matcher matcher = SEQ.matcher(m.text());
        if (matcher.find()) {
          delivered.computeIfAbsent(Integer.parseInt(matcher.group(1)), k -> new AtomicInteger())
              .incrementAndGet();
        }
      }
      try {
        Waits.until(Duration.ofSeconds(60), () -> {
          countDeliveries(sink);
          return acked.stream().allMatch(delivered::containsKey);
        }, () -> "acknowledged messages at the sink");
      } finally {
        child.destroyForcibly();
        child.waitFor();
      }
      countDeliveries(sink);
      long lost = acked.stream().filter(s -> !delivered.containsKey(s)).count();
      long duplicates = delivered.values().stream().filter(c -> c.get() > 1).count();
      System.out.printf("crash test: kills=%d acknowledged=%d delivered=%d lost=%d duplicates=%d"
              + " sink_total=%d%n", KILLS, acked.size(), delivered.size(), lost, duplicates,
          sink.messages.size());
      Files.writeString(Path.of("target", "crash-test-result.txt"), String.format(
          "kills=%d acknowledged=%d lost=%d duplicates=%d sink_total=%d%n", KILLS, acked.size(),
          lost, duplicates, sink.messages.size()));
      assertEquals(0, lost, "acknowledged messages lost");
      assertTrue(acked.size() >= 150 * (KILLS + 1));
    }
  }

  private synchronized void countDeliveries(CapturingReceiver sink) {
    delivered.clear();
    for (CapturingReceiver.Received m : sink.messages) {
      Matcher matcher = SEQ.matcher(m.text());
      if (matcher.find()) {
        delivered.computeIfAbsent(Integer.parseInt(matcher.group(1)), k -> new AtomicInteger())
            .incrementAndGet();
      }
    }
  }

  private Process startChild(Path config, Path logConfig)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=" + logConfig,
        "-cp", System.getProperty("java.class.path"), RelayMain.class.getName(),
        config.toString())
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY")) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // discard
            }
          } catch (IOException e) {
            // child gone
          }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new IOException("relay child exited before READY: exit " + p.waitFor());
  }

  /** Sends numbered messages; a seq counts as acknowledged only after "250 ... queued as". */
  private void sendLoop(InetSocketAddress relay) {
    while (sending.get()) {
      try (SmtpScript c = new SmtpScript(relay, "127.0.0.1")) {
        if (!c.reply().startsWith("220")) {
          continue;
        }
        c.command("EHLO sender.anchor.test");
        while (sending.get()) {
          int seq = nextSeq.incrementAndGet();
          if (!c.command("MAIL FROM:<s@anchor.test>").startsWith("250")
              || !c.command("RCPT TO:<r@remote.test>").startsWith("250")
              || !c.command("DATA").startsWith("354")) {
            break;
          }
          c.send("Subject: crash " + seq + "\r\nX-Seq: " + seq + "\r\n\r\n"
              + "body\r\n".repeat(30) + ".\r\n");
          if (c.reply().startsWith("250 2.0.0 Ok: queued as")) {
            acked.add(seq);
          } else {
            break;
          }
        }
      } catch (IOException e) {
        try {
          Thread.sleep(50); // the relay is restarting
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void sourceLoop(String smtpSource, int port) {
    while (sending.get()) {
      try {
        Process p = new ProcessBuilder(smtpSource, "-s", "4", "-m", "400", "-l", "2000",
            "-f", "load@anchor.test", "-t", "sink@remote.test", "127.0.0.1:" + port)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        if (p.exitValue() != 0) {
          Thread.sleep(100);
        }
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
