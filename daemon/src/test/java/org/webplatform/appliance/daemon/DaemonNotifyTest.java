package org.webplatform.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.testing.NotifyReceiver;

/**
 * {@code appliance run} under a stand-in for systemd: NOTIFY_SOCKET and JOURNAL_STREAM set, as a
 * {@code Type=notify} unit whose output goes to the journal sees it.
 */
class DaemonNotifyTest {
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(10);
  @TempDir Path dir;

  @Test
  void readyOnlyOnceListeningThenReloadingReadyOnHupAndStoppingOnTerm() throws Exception {
    Files.createDirectories(dir.resolve("zones"));
    Files.writeString(
        dir.resolve("zones/example.test"),
        "$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 86400 60\n  IN NS ns1\nns1 IN A 192.0.2.1\n");
    Path config = dir.resolve("appliance.yaml");
    Files.writeString(
        config,
        """
        modules: [dns]
        admin: { listen: "127.0.0.1:0" }
        dns: { listen: ["127.0.0.1:0"], zones: zones, watch_zones: false }
        """);
    try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify"));
        DaemonProcess daemon =
            DaemonProcess.start(
                Map.of("NOTIFY_SOCKET", systemd.address(), "JOURNAL_STREAM", "8:4242"),
                "run", "--config", config.toString())) {
      NotifyReceiver.Message ready = systemd.next(START);
      // The DNS port takes connections at the moment READY=1 arrives.
      Matcher listening = daemon.awaitLine("listening proto=tcp addr=127\\.0\\.0\\.1:(\\d+)", WAIT);
      try (Socket tcp = new Socket()) {
        tcp.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(listening.group(1))), 2000);
      }
      assertEquals("1", ready.get("READY"), ready.text());
      assertEquals(Long.toString(daemon.pid()), ready.get("MAINPID"));
      assertTrue(ready.get("STATUS").startsWith("serving dns; admin 127.0.0.1:"), ready.text());

      daemon.signal("HUP");
      assertEquals("1", systemd.next(WAIT).get("RELOADING"));
      assertEquals("1", systemd.next(WAIT).get("READY"));

      daemon.signal("TERM");
      assertEquals("1", systemd.next(WAIT).get("STOPPING"));
      assertEquals(0, daemon.awaitExit(WAIT));

      // Under the journal: sd-daemon priority prefixes, and no timestamp of our own.
      for (String line : daemon.output().split("\n")) {
        assertTrue(line.matches("<[0-7]>[a-z][^ ]*: .*"), "not a journal line: " + line);
      }
    }
  }
}
