package org.webplatform.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.testing.Peers;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as systemd and an admin see it: a child process, real dig, signals, admin HTTP. */
class DaemonLifecycleTest {
  private static final Duration START = Duration.ofSeconds(30);
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private Path writeConfig() throws IOException {
    Path zones = Files.createDirectories(dir.resolve("zones"));
    writeZone(zones, 1, "192.0.2.80");
    Path file = dir.resolve("appliance.yaml");
    Files.writeString(
        file,
        """
        modules: [dns]
        level: test
        admin: { listen: "127.0.0.1:0" }
        dns:
          listen: ["127.0.0.1:0"]
          zones: zones
          watch_zones: false
        """);
    return file;
  }

  private static void writeZone(Path zones, int serial, String www) throws IOException {
    Path temp = zones.resolve(".example.test.tmp");
    Files.writeString(
        temp,
        "$TTL 300\n@ IN SOA ns1 hostmaster " + serial + " 3600 900 86400 60\n  IN NS ns1\n"
            + "ns1 IN A 192.0.2.1\nwww IN A " + www + "\n");
    Files.move(temp, zones.resolve("example.test"), StandardCopyOption.ATOMIC_MOVE);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String dig(String digPath, int port, String... query) throws Exception {
    String[] command = new String[4 + query.length];
    command[0] = digPath;
    command[1] = "@127.0.0.1";
    command[2] = "-p" + port;
    command[3] = "+tries=1";
    System.arraycopy(query, 0, command, 4, query.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  @Test
  void servesDnsReportsHealthReloadsOnHupAndStopsCleanlyOnTerm() throws Exception {
    String dig = Peers.require("dig", "bind9-dnsutils");
    try (DaemonProcess daemon = DaemonProcess.start("run", "--config", writeConfig().toString())) {
      int adminPort =
          Integer.parseInt(daemon.awaitLine("ready .*admin=\\S*:(\\d+)", START).group(1));

      HttpResponse<String> health = get(adminPort, "/health");
      assertEquals(200, health.statusCode(), health.body());
      assertTrue(health.body().contains("\"dns\":{\"status\":\"HEALTHY\""), health.body());
      Matcher listen = Pattern.compile("\"listen\":\\[\"127\\.0\\.0\\.1:(\\d+)\"").matcher(health.body());
      assertTrue(listen.find(), health.body());
      int dnsPort = Integer.parseInt(listen.group(1));

      String answer = dig(dig, dnsPort, "www.example.test", "A");
      assertTrue(answer.contains("status: NOERROR"), answer);
      assertTrue(Pattern.compile("flags: qr aa").matcher(answer).find(), answer);
      assertTrue(answer.contains("192.0.2.80"), answer);

      HttpResponse<String> metrics = get(adminPort, "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains("appliance_dns_"), metrics.body());

      // Zone watching is off in this config: the new data may only appear through SIGHUP.
      writeZone(dir.resolve("zones"), 2, "192.0.2.81");
      daemon.signal("HUP");
      Instant deadline = Instant.now().plusSeconds(10);
      String reloaded = "";
      while (Instant.now().isBefore(deadline) && !reloaded.contains("192.0.2.81")) {
        reloaded = dig(dig, dnsPort, "www.example.test", "A", "+short");
      }
      assertEquals("192.0.2.81", reloaded.strip());

      daemon.signal("TERM");
      assertEquals(0, daemon.awaitExit(Duration.ofSeconds(20)), daemon.output());
      assertTrue(daemon.output().contains("stopped"), daemon.output());
    }
  }

  @Test
  void brokenConfigExitsOneWithFileAndLine() throws Exception {
    Path file = writeConfig();
    Files.writeString(file, Files.readString(file) + "  udp_threads: lots\n");
    try (DaemonProcess daemon = DaemonProcess.start("run", "--config", file.toString())) {
      assertEquals(1, daemon.awaitExit(START), daemon.output());
      assertTrue(
          daemon.output().contains(file + ":8: dns.udp_threads: 'lots' is not a whole number"),
          daemon.output());
    }
  }
}
