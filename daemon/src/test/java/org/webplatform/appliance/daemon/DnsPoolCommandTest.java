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
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.testing.Peers;
import org.webplatform.appliance.testing.SamePortListeners;
import picocli.CommandLine;

/**
 * {@code appliance dns pool list|set} against the real daemon: the platform's masterdb switch.
 * An override set from the CLI moves the answer at once, wins over the monitor, is written to the
 * override file and survives a restart.
 */
class DnsPoolCommandTest {
  private static final Duration START = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private String dig;
  private Path config;

  private int cli(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] withConfig = java.util.Arrays.copyOf(args, args.length + 2);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = config.toString();
    return cli.execute(withConfig);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private List<String> masterdb(int dnsPort) throws Exception {
    Process p =
        new ProcessBuilder(dig, "@127.0.0.1", "-p", String.valueOf(dnsPort), "+short",
                "+tries=1", "masterdb.db.internal", "A")
            .redirectErrorStream(true)
            .start();
    String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return answer.lines().toList();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
      Thread.sleep(20);
    }
  }

  private boolean answers(int dnsPort, String address) {
    try {
      return masterdb(dnsPort).equals(List.of(address));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private DaemonProcess start() throws Exception {
    DaemonProcess daemon = DaemonProcess.start("run", "--config", config.toString());
    daemon.awaitLine("ready ", START);
    return daemon;
  }

  private static int dnsPort(DaemonProcess daemon) throws InterruptedException {
    return Integer.parseInt(
        daemon.awaitLine("listening proto=udp addr=127\\.0\\.0\\.1:(\\d+)", START).group(1));
  }

  @Test
  void cliSwitchesMasterdbWinsOverTheMonitorAndSurvivesARestart() throws Exception {
    dig = Peers.require("dig", "bind9-dnsutils");
    int admin = freePort();
    try (SamePortListeners db =
        SamePortListeners.open(SamePortListeners.tcp(), "127.0.0.11", "127.0.0.12")) {
      Path zones = Files.createDirectories(dir.resolve("zones"));
      Files.writeString(
          zones.resolve("db.internal"),
          "$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 86400 60\n  IN NS ns1\n"
              + "ns1 IN A 192.0.2.1\nmasterdb DYNA masterdb\n");
      config = dir.resolve("appliance.yaml");
      Files.writeString(
          config,
          "modules: [dns]\n"
              + "admin: { listen: \"127.0.0.1:" + admin + "\" }\n"
              + "dns:\n"
              + "  listen: [\"127.0.0.1:0\"]\n"
              + "  zones: zones\n"
              + "  admin_state: state/admin_state\n"
              + "  pools:\n"
              + "    masterdb:\n"
              + "      mode: failover\n"
              + "      ttl: 10s\n"
              + "      addresses: [127.0.0.11, 127.0.0.12]\n"
              + "      monitor: { type: tcp, port: " + db.port() + ", interval: 200ms,"
              + " down_threshold: 2, up_threshold: 2 }\n");
      assertEquals(0, cli("check"), err.toString());

      try (DaemonProcess daemon = start()) {
        int dns = dnsPort(daemon);
        assertEquals(List.of("127.0.0.11"), masterdb(dns));
        assertEquals(0, cli("dns", "pool", "list"), err.toString());
        assertTrue(
            out.toString().matches("(?s).*masterdb +failover +127\\.0\\.0\\.11 +up +up +- +yes.*"),
            out.toString());

        assertEquals(0, cli("dns", "pool", "set", "masterdb", "127.0.0.11", "down"), err.toString());
        assertTrue(out.toString().contains("\"answer\":[\"127.0.0.12\"]"), out.toString());
        assertEquals(List.of("127.0.0.12"), masterdb(dns), "switched when the command returns");
        assertEquals(
            "masterdb/127.0.0.11 => DOWN",
            Files.readAllLines(dir.resolve("state/admin_state")).stream()
                .filter(line -> !line.startsWith("#"))
                .findFirst()
                .orElseThrow());
        String metrics =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(
            metrics.contains(
                "appliance_dns_pool_member_override{address=\"127.0.0.11\",pool=\"masterdb\"} -1"),
            metrics);

        assertEquals(1, cli("dns", "pool", "set", "nosuch", "127.0.0.11", "down"));
        assertTrue(err.toString().contains("no pool 'nosuch'"), err.toString());
        assertEquals(1, cli("dns", "pool", "set", "masterdb", "127.0.0.99", "up"));
        assertTrue(err.toString().contains("not an address of pool masterdb"), err.toString());
        daemon.signal("TERM");
        assertEquals(0, daemon.awaitExit(START));
      }

      try (DaemonProcess daemon = start()) {
        int dns = dnsPort(daemon);
        assertEquals(List.of("127.0.0.12"), masterdb(dns), "the override survived the restart");

        // Back to the monitor; then the monitor fails 127.0.0.11 over, and the CLI wins over it.
        assertEquals(0, cli("dns", "pool", "set", "masterdb", "127.0.0.11", "auto"));
        assertEquals(List.of("127.0.0.11"), masterdb(dns));
        db.close("127.0.0.11");
        await("the monitor fails over to 127.0.0.12", () -> answers(dns, "127.0.0.12"));
        assertEquals(0, cli("dns", "pool", "set", "masterdb", "127.0.0.11", "up"));
        assertEquals(List.of("127.0.0.11"), masterdb(dns));
        assertEquals(0, cli("dns", "pool", "list", "--json"));
        assertTrue(
            out.toString().contains(
                "{\"address\":\"127.0.0.11\",\"state\":\"up\",\"monitor\":\"down\","
                    + "\"override\":\"up\",\"answered\":true,\"reason\":\"connection refused\""),
            out.toString());
        daemon.signal("TERM");
        assertEquals(0, daemon.awaitExit(START));
      }
    }
  }
}
