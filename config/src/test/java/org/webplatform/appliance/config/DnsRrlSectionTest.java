package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsRrlSectionTest {
  @TempDir Path dir;

  @BeforeEach
  void zones() throws Exception {
    Files.createDirectories(dir.resolve("z"));
  }

  private DnsRrlConfig rrl(String section) throws ConfigException {
    String yaml = "modules: [dns]\ndns:\n  zones: z\n" + section;
    return ConfigLoader.parse("a.yaml", yaml, dir).dns().orElseThrow().rrl();
  }

  private List<String> problems(String section) {
    String yaml = "modules: [dns]\ndns:\n  zones: z\n" + section;
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("a.yaml", yaml, dir));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void absentSectionIsOnWithNsdDefaultsAndInternalNetworksExempt() throws Exception {
    DnsRrlConfig rrl = rrl("");

    assertEquals(DnsRrlConfig.DEFAULT, rrl);
    assertEquals(true, rrl.enabled());
    assertEquals(200, rrl.responsesPerSecond());
    assertEquals(2, rrl.slip());
    assertEquals(24, rrl.ipv4Prefix());
    assertEquals(56, rrl.ipv6Prefix());
    assertEquals(
        List.of(
            "127.0.0.0/8", "0:0:0:0:0:0:0:1/128", "10.0.0.0/8", "172.16.0.0/12",
            "192.168.0.0/16", "fc00:0:0:0:0:0:0:0/7"),
        rrl.exempt().stream().map(Cidr::toString).toList());
  }

  @Test
  void everyKeyIsBound() throws Exception {
    DnsRrlConfig rrl =
        rrl(
            """
              rrl:
                enabled: false
                responses_per_second: 5
                slip: 0
                ipv4_prefix: 32
                ipv6_prefix: 64
                table_size: 4096
                exempt: ["192.0.2.0/24", "2001:db8::/32"]
            """);

    assertEquals(
        new DnsRrlConfig(
            false, 5, 0, 32, 64, 4096,
            List.of(ValueSyntax.cidr("192.0.2.0/24"), ValueSyntax.cidr("2001:db8::/32"))),
        rrl);
  }

  @Test
  void anEmptyExemptListLimitsEveryone() throws Exception {
    assertEquals(List.of(), rrl("  rrl: { exempt: [] }\n").exempt());
  }

  @Test
  void badValuesAreReportedWithFileAndLine() {
    assertEquals(
        List.of(
            "a.yaml:5: dns.rrl.enabled: 'yes' is not true or false",
            "a.yaml:6: dns.rrl.responses_per_second: 0 is not in 1..100000",
            "a.yaml:7: dns.rrl.slip: 11 is not in 0..10",
            "a.yaml:8: dns.rrl.ipv4_prefix: 33 is not in 8..32",
            "a.yaml:9: dns.rrl.ipv6_prefix: 8 is not in 16..128",
            "a.yaml:10: dns.rrl.table_size: 10 is not in 1024..16777216",
            "a.yaml:11: dns.rrl.exempt: '10.0.0.1/8': host bits set in 10.0.0.1/8",
            "a.yaml:12: dns.rrl.window: unknown key (known here: enabled, responses_per_second,"
                + " slip, ipv4_prefix, ipv6_prefix, table_size, exempt)"),
        problems(
            """
              rrl:
                enabled: yes
                responses_per_second: 0
                slip: 11
                ipv4_prefix: 33
                ipv6_prefix: 8
                table_size: 10
                exempt: ["10.0.0.1/8"]
                window: 15
            """));
  }

  @Test
  void recordRejectsWhatTheReaderNeverProduces() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new DnsRrlConfig(true, 0, 2, 24, 56, 1024, List.of()));
  }
}
