package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.config.DnsPools;
import org.webplatform.appliance.dns.Dig.Answer;
import org.webplatform.appliance.dns.server.Await;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.testing.SamePortListeners;

/**
 * Health-checked pools as dig sees them: the test opens real TCP and HTTP listeners on 127.0.0.x,
 * closes and reopens them, and watches the DYNA names' answers follow within the monitor's
 * thresholds; overrides through the admin_state file; and the all-down fallback.
 */
class PoolDigTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String ZONE =
      "$TTL 3600\n"
          + "@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n"
          + "  IN NS ns1\n"
          + "ns1 IN A 192.0.2.1\n";

  /** The DYNA lines of each pool the tests define. */
  private static final Map<String, String> DYNA =
      Map.of(
          "masterdb", "masterdb DYNA masterdb\nshort 7 DYNA masterdb\n",
          "accounts", "accounts DYNA accounts\naccounts MX 10 mail.example.\n");

  @TempDir Path dir;
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private RoleFixture fixture;

  @BeforeAll
  static void needDig() {
    Dig.binary();
  }

  @AfterEach
  void closeAll() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    for (AutoCloseable closeable : closeLater) {
      closeable.close();
    }
  }

  /** Starts the role with the zone above and {@code pools} (YAML under dns.pools). */
  private void start(String pools) throws Exception {
    Path zones = Files.createDirectories(dir.resolve("zones"));
    String yaml =
        "modules: [dns]\n"
            + "dns:\n"
            + "  zones: zones\n"
            + "  admin_state: state/admin_state\n"
            + "  pools:\n"
            + pools.indent(4);
    DnsPools config =
        ConfigLoader.parse("test.yaml", yaml, dir).dns().orElseThrow().pools();
    StringBuilder zone = new StringBuilder(ZONE);
    config.pools().keySet().forEach(pool -> zone.append(DYNA.get(pool)));
    Files.writeString(zones.resolve("pools.internal"), zone);
    fixture = RoleFixture.withPools(zones, config);
    fixture.role.start();
  }

  private SamePortListeners tcp(String... addresses) throws IOException {
    SamePortListeners listeners = SamePortListeners.open(SamePortListeners.tcp(), addresses);
    closeLater.add(listeners);
    return listeners;
  }

  /** Short checks; the timeout leaves room for a busy machine on the first, decisive check. */
  private static String tcpMonitor(int port) {
    return "{ type: tcp, port: " + port + ", interval: 150ms, timeout: 100ms, up_threshold: 2,"
        + " down_threshold: 3 }";
  }

  private Answer dig(String name, String type) throws Exception {
    return Dig.query(fixture.address(), name + ".pools.internal", type);
  }

  private List<String> addresses(String name) throws Exception {
    return dig(name, "A").answerData("A");
  }

  private double metric(String name, String... labels) {
    return MetricsReader.value(fixture.registry, name, labels);
  }

  /** Waits until the A answer of {@code name} is exactly {@code expected}; returns the wait. */
  private Duration awaitAnswer(String name, List<String> expected) {
    long start = System.nanoTime();
    Await.until(
        DEADLINE,
        name + " answers " + expected,
        () -> {
          try {
            return addresses(name).equals(expected);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void failoverMovesToTheNextAddressAfterTheDownThresholdAndBack() throws Exception {
    SamePortListeners db = tcp("127.0.0.11", "127.0.0.12");
    start(
        "masterdb:\n"
            + "  mode: failover\n"
            + "  ttl: 5s\n"
            + "  addresses: [127.0.0.11, 127.0.0.12]\n"
            + "  monitor: " + tcpMonitor(db.port()) + "\n");

    Answer first = dig("masterdb", "A");
    assertEquals(List.of("127.0.0.11"), first.answerData("A"), first.output());
    assertEquals(5, first.answer().get(0).ttl(), "the pool's TTL");
    assertEquals(7, dig("short", "A").answer().get(0).ttl(), "a TTL on the DYNA line wins");
    assertTrue(dig("masterdb", "AAAA").answer().isEmpty(), "no IPv6 member: NODATA");

    db.close("127.0.0.11");
    Duration down = awaitAnswer("masterdb", List.of("127.0.0.12"));
    String[] primary = {"pool", "masterdb", "address", "127.0.0.11"};
    double failed = metric("appliance_dns_pool_checks_total", with(primary, "result", "failed"));
    assertTrue(failed >= 3, "switched only after down_threshold failed checks, saw " + failed);
    assertEquals(1, metric("appliance_dns_pool_member_transitions_total", with(primary, "to", "down")));
    assertEquals(0, metric("appliance_dns_pool_member_up", primary));

    db.reopen("127.0.0.11");
    Duration up = awaitAnswer("masterdb", List.of("127.0.0.11"));
    assertEquals(1, metric("appliance_dns_pool_member_transitions_total", with(primary, "to", "up")));
    assertEquals(Health.Status.HEALTHY, fixture.role.health().status());
    System.out.printf(
        "failover measured: down after %d ms (3 x 150 ms checks), back up after %d ms"
            + " (2 x 150 ms)%n",
        down.toMillis(), up.toMillis());
  }

  @Test
  void roundRobinAnswersOnlyHealthyAddressesInRotatingOrder() throws Exception {
    SamePortListeners web = tcp("127.0.0.21", "127.0.0.22", "127.0.0.23");
    start(
        "accounts:\n"
            + "  mode: round_robin\n"
            + "  addresses: [127.0.0.21, 127.0.0.22, 127.0.0.23]\n"
            + "  monitor: " + tcpMonitor(web.port()) + "\n");

    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      List<String> answer = addresses("accounts");
      assertEquals(Set.of("127.0.0.21", "127.0.0.22", "127.0.0.23"), Set.copyOf(answer));
      assertEquals(3, answer.size());
      firsts.add(answer.get(0));
    }
    assertTrue(firsts.size() > 1, "the order rotates from query to query: " + firsts);

    web.close("127.0.0.22");
    Await.until(DEADLINE, "127.0.0.22 leaves the answer", () -> answerSet().size() == 2);
    for (int i = 0; i < 20; i++) {
      assertEquals(Set.of("127.0.0.21", "127.0.0.23"), answerSet());
    }
    // Other data at the DYNA name is served as usual.
    assertEquals(List.of("10 mail.example."), dig("accounts", "MX").answerData("MX"));
  }

  private Set<String> answerSet() {
    try {
      return Set.copyOf(addresses("accounts"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void httpMonitorOnlyCountsTheOkCodes() throws Exception {
    Map<String, Integer> status = new ConcurrentHashMap<>(Map.of("127.0.0.32", 503));
    Map<String, String> seen = new ConcurrentHashMap<>();
    SamePortListeners web =
        SamePortListeners.open(SamePortListeners.http(status, seen), "127.0.0.31", "127.0.0.32");
    closeLater.add(web);
    // Longer timeout than the tcp tests: the JDK's HTTP server answers its first request slowly.
    start(
        "accounts:\n"
            + "  mode: round_robin\n"
            + "  addresses: [127.0.0.31, 127.0.0.32]\n"
            + "  monitor: { type: http, port: " + web.port() + ", path: /health,"
            + " host: accounts.example.internal, interval: 300ms, timeout: 250ms,"
            + " up_threshold: 2 }\n");

    Await.until(DEADLINE, "only the member answering 200 is served",
        () -> answerSet().equals(Set.of("127.0.0.31")));
    assertEquals(
        "/health Host: accounts.example.internal:" + web.port(), seen.get("127.0.0.31"));

    status.put("127.0.0.32", 200);
    Await.until(DEADLINE, "127.0.0.32 joins once it answers 200", () -> answerSet().size() == 2);
  }

  @Test
  void overrideFileWinsOverTheMonitor() throws Exception {
    SamePortListeners db = tcp("127.0.0.11", "127.0.0.12");
    start(
        "masterdb:\n"
            + "  mode: failover\n"
            + "  addresses: [127.0.0.11, 127.0.0.12]\n"
            + "  monitor: " + tcpMonitor(db.port()) + "\n");
    Path adminState = Files.createDirectories(dir.resolve("state")).resolve("admin_state");

    Files.writeString(adminState, "# switch to db2 for maintenance\nmasterdb/127.0.0.11 => DOWN\n");
    awaitAnswer("masterdb", List.of("127.0.0.12"));
    assertEquals(
        -1, metric("appliance_dns_pool_member_override", "pool", "masterdb", "address",
            "127.0.0.11"));

    // Forced up beats a failing monitor.
    db.close("127.0.0.11");
    Files.writeString(adminState, "masterdb/127.0.0.11 => UP\nmasterdb/127.0.0.12 => DOWN\n");
    awaitAnswer("masterdb", List.of("127.0.0.11"));
    Await.until(
        DEADLINE,
        "the monitor sees 127.0.0.11 down behind the override",
        () -> metric("appliance_dns_pool_member_monitor_up", "pool", "masterdb", "address",
            "127.0.0.11") == 0);
    assertEquals(List.of("127.0.0.11"), addresses("masterdb"));

    // A broken file is rejected whole: the overrides in force stay, the role says so.
    Files.writeString(adminState, "masterdb/127.0.0.11 => SIDEWAYS\n");
    Await.until(DEADLINE, "the role reports the bad file",
        () -> fixture.role.health().status() == Health.Status.DEGRADED);
    assertTrue(fixture.role.health().detail().contains("admin_state:1: state 'SIDEWAYS'"),
        fixture.role.health().detail());
    assertEquals(List.of("127.0.0.11"), addresses("masterdb"));

    Files.delete(adminState);
    awaitAnswer("masterdb", List.of("127.0.0.12"));
  }

  @Test
  void allDownAnswersWithEveryAddressAndSaysSo() throws Exception {
    SamePortListeners db = tcp("127.0.0.11", "127.0.0.12");
    start(
        "masterdb:\n"
            + "  mode: failover\n"
            + "  addresses: [127.0.0.11, 127.0.0.12]\n"
            + "  monitor: " + tcpMonitor(db.port()) + "\n");

    db.close("127.0.0.11");
    db.close("127.0.0.12");
    awaitAnswer("masterdb", List.of("127.0.0.11", "127.0.0.12"));
    assertEquals(1, metric("appliance_dns_pool_all_down", "pool", "masterdb"));
    Health health = fixture.role.health();
    assertEquals(Health.Status.DEGRADED, health.status());
    assertTrue(health.detail().contains("no member up in pool(s) [masterdb]"), health.detail());

    db.reopen("127.0.0.12");
    awaitAnswer("masterdb", List.of("127.0.0.12"));
    assertEquals(0, metric("appliance_dns_pool_all_down", "pool", "masterdb"));
    assertEquals(Health.Status.HEALTHY, fixture.role.health().status());
  }

  @Test
  void weightedAnswersOneHealthyAddressPerQuery() throws Exception {
    SamePortListeners web = tcp("127.0.0.41", "127.0.0.42", "127.0.0.43");
    start(
        "accounts:\n"
            + "  mode: weighted\n"
            + "  addresses: [127.0.0.41, { address: 127.0.0.42, weight: 3 }, 127.0.0.43]\n"
            + "  monitor: " + tcpMonitor(web.port()) + "\n");

    web.close("127.0.0.43");
    Await.until(DEADLINE, "127.0.0.43 goes down",
        () -> metric("appliance_dns_pool_member_up", "pool", "accounts", "address",
            "127.0.0.43") == 0);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      List<String> answer = addresses("accounts");
      assertEquals(1, answer.size(), "one address per answer: " + answer);
      seen.add(answer.get(0));
    }
    assertEquals(Set.of("127.0.0.41", "127.0.0.42"), seen);
  }

  @Test
  void withoutMonitorBothFamiliesAreServedUntilOverridden() throws Exception {
    start(
        "masterdb:\n"
            + "  mode: failover\n"
            + "  ttl: 10s\n"
            + "  addresses: [10.0.0.11, 10.0.0.12, \"fd00::11\"]\n"
            + "  monitor: { type: none }\n");

    assertEquals(List.of("10.0.0.11"), addresses("masterdb"));
    assertEquals(List.of("fd00::11"), dig("masterdb", "AAAA").answerData("AAAA"));

    fixture.role.pools().set("masterdb", "10.0.0.11", 
        org.webplatform.appliance.dns.pool.AdminOverride.DOWN);
    assertEquals(List.of("10.0.0.12"), addresses("masterdb"), "applied before set returns");
    assertEquals(
        "masterdb/10.0.0.11 => DOWN",
        Files.readAllLines(dir.resolve("state/admin_state")).stream()
            .filter(line -> !line.startsWith("#"))
            .findFirst()
            .orElseThrow());
  }

  private static String[] with(String[] labels, String name, String value) {
    String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
    all[labels.length] = name;
    all[labels.length + 1] = value;
    return all;
  }
}
