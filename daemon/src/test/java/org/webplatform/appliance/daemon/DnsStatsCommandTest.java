package org.webplatform.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.testing.Peers;
import picocli.CommandLine;

/**
 * {@code appliance dns stats} against a running daemon: valid JSON (as jq reads it) whose counters
 * follow the queries dig sends, rate limiting included.
 */
class DnsStatsCommandTest {
  private static final Duration START = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** What one CLI run printed. */
  private record Run(int exit, String out, String err) {}

  private static Run appliance(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Runs a peer program with {@code input} on stdin; its stdout, or an assertion error. */
  private static String run(String input, String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output + input);
    return output;
  }

  /** The counters at these jq paths, in order. */
  private static long[] counters(String jq, String json, String... paths) throws Exception {
    String tsv = run(json, jq, "-e", "-r", "[" + String.join(", ", paths) + "] | @tsv").strip();
    return Arrays.stream(tsv.split("\t")).mapToLong(Long::parseLong).toArray();
  }

  private Path writeConfig(int adminPort) throws IOException {
    Path zones = Files.createDirectories(dir.resolve("zones"));
    Files.writeString(
        zones.resolve("example.test"),
        "$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 86400 60\n  IN NS ns1\n"
            + "ns1 IN A 192.0.2.1\nwww IN A 192.0.2.80\n");
    Path config = dir.resolve("appliance.yaml");
    // Loopback is exempt from rate limiting by default; here it is limited, hard, to see the
    // counters move: one response per second, every limited one slips.
    Files.writeString(
        config,
        "modules: [dns]\n"
            + "admin: { listen: \"127.0.0.1:" + adminPort + "\" }\n"
            + "dns:\n"
            + "  listen: [\"127.0.0.1:0\"]\n"
            + "  zones: zones\n"
            + "  watch_zones: false\n"
            + "  rrl: { responses_per_second: 1, slip: 1, exempt: [] }\n");
    return config;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  @Test
  void statsArePrintedAsJsonAndFollowTheQueries() throws Exception {
    String dig = Peers.require("dig", "bind9-dnsutils");
    String jq = Peers.require("jq", "jq");
    int adminPort = freePort();
    Path config = writeConfig(adminPort);
    try (DaemonProcess daemon = DaemonProcess.start("run", "--config", config.toString())) {
      daemon.awaitLine("ready ", START);
      String port =
          daemon.awaitLine("listening proto=udp addr=127\\.0\\.0\\.1:(\\d+)", START).group(1);

      Run before = appliance("dns", "stats", "--config", config.toString());
      assertEquals(0, before.exit(), before.err());
      assertEquals(
          List.of(0L, 0L, 0L, 0L, 1L, 1L),
          Arrays.stream(
                  counters(jq, before.out(), ".stats.noerror", ".udp.reqs", ".tcp.reqs",
                      ".rrl.limited", ".zones.count", ".zones.reloads_ok"))
              .boxed()
              .toList());

      // Three queries in one dig run: the first is answered, the next ones are over the limit,
      // slip as TC=1 and dig fetches them over TCP.
      String answers =
          run("", dig, "@127.0.0.1", "-p", port, "+tries=1", "+time=5",
              "www.example.test", "A", "www.example.test", "A", "www.example.test", "A");
      assertTrue(answers.contains("Truncated, retrying in TCP mode"), answers);

      Run after = appliance("dns", "stats", "--config", config.toString());
      assertEquals(0, after.exit(), after.err());
      long[] c =
          counters(jq, after.out(), ".stats.noerror", ".udp.reqs", ".tcp.reqs", ".rrl.slipped",
              ".rrl.dropped", ".stats.edns", ".tcp.conns", ".uptime");
      assertEquals(3, c[1], after.out());
      assertTrue(c[3] >= 1, after.out());
      assertEquals(c[3], c[2], "every slip was fetched again over TCP\n" + after.out());
      assertEquals(c[1] + c[2], c[0], after.out());
      assertEquals(0, c[4], after.out());
      assertEquals(c[0], c[5], "dig sends EDNS\n" + after.out());
      assertEquals(c[2], c[6], after.out());
      assertTrue(c[7] >= 0, after.out());

      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertTrue(
          metrics.contains("appliance_dns_rrl_limited_total{action=\"slipped\"} " + c[3] + ".0"),
          metrics);

      daemon.signal("TERM");
      assertEquals(0, daemon.awaitExit(Duration.ofSeconds(20)), daemon.output());
    }
  }

  @Test
  void withoutARunningDaemonTheCommandSaysSoAndFails() throws Exception {
    Run run = appliance("dns", "stats", "--config", writeConfig(freePort()).toString());

    assertEquals(1, run.exit());
    assertTrue(run.err().contains("cannot reach the daemon's admin listener"), run.err());
  }
}
