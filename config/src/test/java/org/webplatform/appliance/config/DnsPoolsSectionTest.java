package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsPoolsSectionTest {
  @TempDir Path dir;

  private DnsPools parse(String pools) throws Exception {
    Files.createDirectories(dir.resolve("zones"));
    return ConfigLoader.parse("a.yaml", "modules: [dns]\ndns:\n  zones: zones\n" + pools, dir)
        .dns()
        .orElseThrow()
        .pools();
  }

  private List<String> problems(String pools) throws Exception {
    Files.createDirectories(dir.resolve("zones"));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.parse("a.yaml", "modules: [dns]\ndns:\n  zones: zones\n" + pools,
                dir));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void poolsAreReadWithTheirMonitorsAndDefaults() throws Exception {
    DnsPools pools =
        parse(
            """
              admin_state: state/admin_state
              pools:
                masterdb:
                  mode: failover
                  ttl: 10s
                  addresses: [10.0.0.11, "10.0.0.12", "fd00::12"]
                  monitor: { type: tcp, port: 5432, interval: 2s, up_threshold: 2 }
                accounts:
                  mode: weighted
                  addresses: [10.0.0.31, { address: 10.0.0.32, weight: 3 }]
                  monitor:
                    type: https
                    path: /health
                    host: accounts.example.internal
                    ok_codes: [200, 204]
                    insecure: true
                static:
                  mode: round_robin
                  addresses: 10.0.0.41
                  monitor: { type: none }
            """);

    assertEquals(dir.resolve("state/admin_state"), pools.adminState());
    assertEquals(List.of("masterdb", "accounts", "static"), List.copyOf(pools.pools().keySet()));
    DnsPool masterdb = pools.pools().get("masterdb");
    assertEquals(DnsPool.Mode.FAILOVER, masterdb.mode());
    assertEquals(Duration.ofSeconds(10), masterdb.ttl());
    assertEquals(1, masterdb.failoverCount());
    assertEquals(
        List.of(
            new DnsPool.Member(InetAddress.getByName("10.0.0.11"), 1),
            new DnsPool.Member(InetAddress.getByName("10.0.0.12"), 1),
            new DnsPool.Member(InetAddress.getByName("fd00::12"), 1)),
        masterdb.members());
    DnsPoolMonitor tcp = masterdb.monitor();
    assertEquals(DnsPoolMonitor.Type.TCP, tcp.type());
    assertEquals(5432, tcp.port());
    assertEquals(Duration.ofSeconds(2), tcp.interval());
    assertEquals(Duration.ofSeconds(1), tcp.timeout(), "timeout defaults to interval/2");
    assertEquals(2, tcp.upThreshold());
    assertEquals(3, tcp.downThreshold());

    DnsPool accounts = pools.pools().get("accounts");
    assertEquals(Duration.ofSeconds(30), accounts.ttl());
    assertEquals(3, accounts.members().get(1).weight());
    DnsPoolMonitor https = accounts.monitor();
    assertEquals(443, https.port());
    assertEquals("/health", https.path());
    assertEquals(Optional.of("accounts.example.internal"), https.host());
    assertEquals(List.of(200, 204), https.okCodes());
    assertEquals(true, https.insecure());

    assertEquals(DnsPoolMonitor.Type.NONE, pools.pools().get("static").monitor().type());
  }

  @Test
  void withoutPoolsTheDefaultOverrideFileIsUnderVarLib() throws Exception {
    DnsPools pools = parse("");

    assertEquals(Path.of("/var/lib/appliance/dns/admin_state"), pools.adminState());
    assertEquals(0, pools.pools().size());
  }

  @Test
  void badPoolsAreReportedWithLines() throws Exception {
    assertEquals(
        List.of(
            "a.yaml:6: dns.pools.a.mode: unknown mode 'active' (known: failover, round_robin,"
                + " weighted)",
            "a.yaml:7: dns.pools.a.addresses: '10.0.0.300' is not an IPv4 address",
            "a.yaml:7: dns.pools.a.addresses: 10.0.0.1 is listed twice (first on line 7)",
            "a.yaml:8: dns.pools.a.monitor.type: unknown monitor type 'ping' (known: tcp, http,"
                + " https, none)",
            "a.yaml:10: dns.pools.b.addresses.weight: only applies to mode weighted",
            "a.yaml:12: dns.pools.b.failover_count: only applies to mode failover",
            "a.yaml:14: dns.pools.b.monitor.port: required for monitor type tcp",
            "a.yaml:14: dns.pools.b.monitor.timeout: must be shorter than interval (1000ms >="
                + " 1000ms)",
            "a.yaml:14: dns.pools.b.monitor.up_threshold: 0 is not in 1..1000",
            "a.yaml:14: dns.pools.b.monitor.path: does not apply to monitor type tcp",
            "a.yaml:15: dns.pools.c.addresses: required: at least one IP address",
            "a.yaml:16: dns.pools.c.monitor.interval: does not apply to monitor type none",
            "a.yaml:17: dns.pools.d.mode: required: failover, round_robin or weighted",
            "a.yaml:17: dns.pools.d.addresses: '0.0.0.0' is not a unicast address",
            "a.yaml:17: dns.pools.d.monitor: required: a mapping with type: tcp, http, https or"
                + " none",
            "a.yaml:18: dns.pools.bad.name: pool name 'bad.name' must be letters, digits, '_' or"
                + " '-' (at most 63)"),
        problems(
            """
              pools:
                a:
                  mode: active
                  addresses: [10.0.0.1, 10.0.0.300, 10.0.0.1]
                  monitor: { type: ping }
                b:
                  addresses: [{ address: 10.0.0.2, weight: 2 }]
                  mode: round_robin
                  failover_count: 2
                  monitor:
                    { type: tcp, interval: 1s, timeout: 1s, up_threshold: 0, path: / }
                c: { mode: failover, addresses: [],
                     monitor: { type: none, interval: 5s } }
                d: { addresses: [0.0.0.0] }
                bad.name: { mode: failover }
            """));
  }
}
