package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsForwardingSectionTest {
  @TempDir Path dir;

  @BeforeEach
  void zones() throws Exception {
    Files.createDirectories(dir.resolve("z"));
  }

  private DnsForwarding forwarding(String yaml) throws ConfigException {
    return ConfigLoader.parse("a.yaml", yaml, dir).dns().orElseThrow().forwarding();
  }

  private List<String> problems(String yaml) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("a.yaml", yaml, dir));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void everyKeyIsBound() throws Exception {
    DnsForwarding forwarding =
        forwarding(
            """
            modules: [dns]
            dns:
              zones: z
              listen: ["127.0.0.1:53"]
              forwarders: ["127.0.0.1:5300", "[::1]:5300"]
              recursion_networks: ["10.0.0.0/8", "fd00::/8"]
              forward_timeout: 500ms
              cache_size: 50
              cache_max_ttl: 1h
              cache_max_negative_ttl: 0s
            """);
    assertTrue(forwarding.enabled());
    assertEquals(
        List.of(new InetSocketAddress("127.0.0.1", 5300), new InetSocketAddress("::1", 5300)),
        forwarding.forwarders());
    assertEquals(
        List.of(ValueSyntax.cidr("10.0.0.0/8"), ValueSyntax.cidr("fd00::/8")),
        forwarding.recursionNetworks());
    assertEquals(Duration.ofMillis(500), forwarding.forwardTimeout());
    assertEquals(50, forwarding.cacheSize());
    assertEquals(Duration.ofHours(1), forwarding.cacheMaxTtl());
    assertEquals(Duration.ZERO, forwarding.cacheMaxNegativeTtl());
  }

  @Test
  void withoutForwardersForwardingIsOffWithTheDefaults() throws Exception {
    DnsForwarding forwarding = forwarding("modules: [dns]\ndns: { zones: z }\n");
    assertFalse(forwarding.enabled());
    assertEquals(Duration.ofSeconds(2), forwarding.forwardTimeout());
    assertEquals(10_000, forwarding.cacheSize());
    assertEquals(Duration.ofDays(1), forwarding.cacheMaxTtl());
    assertEquals(Duration.ofHours(3), forwarding.cacheMaxNegativeTtl());
    assertEquals(DnsForwarding.LOOPBACK, forwarding.recursionNetworks());
  }

  @Test
  void recursionNetworksDefaultToTheMailRelayNetworks() throws Exception {
    DnsForwarding forwarding =
        forwarding(
            """
            modules: [dns]
            dns: { zones: z, forwarders: ["192.0.2.53:53"] }
            mail: { relay_networks: ["10.1.0.0/16"] }
            """);
    assertEquals(List.of(ValueSyntax.cidr("10.1.0.0/16")), forwarding.recursionNetworks());
  }

  @Test
  void explicitRecursionNetworksWinOverTheMailRelayNetworks() throws Exception {
    DnsForwarding forwarding =
        forwarding(
            """
            modules: [dns]
            dns: { zones: z, recursion_networks: ["127.0.0.1/32"] }
            mail: { relay_networks: ["10.1.0.0/16"] }
            """);
    assertEquals(List.of(ValueSyntax.cidr("127.0.0.1/32")), forwarding.recursionNetworks());
  }

  @Test
  void forwarderThatIsOurOwnListenerIsALoop() {
    assertEquals(
        List.of(
            "a.yaml:2: dns.forwarders: 127.0.0.1:10053 is one of our own listen addresses:"
                + " queries would loop back to us"),
        problems(
            "modules: [dns]\ndns: { zones: z, forwarders: [\"127.0.0.1:10053\"],"
                + " listen: [\"127.0.0.1:10053\"] }\n"));
  }

  @Test
  void loopbackForwarderOnTheWildcardListenersPortIsALoop() {
    List<String> problems =
        problems("modules: [dns]\ndns: { zones: z, forwarders: [\"127.0.0.1:53\"] }\n");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("loop back to us"), problems.toString());
  }

  @Test
  void forwarderOnAnotherPortOfTheSameAddressIsFine() throws Exception {
    DnsForwarding forwarding =
        forwarding(
            "modules: [dns]\ndns: { zones: z, forwarders: [\"127.0.0.1:5300\"],"
                + " listen: [\"127.0.0.1:53\"] }\n");
    assertTrue(forwarding.enabled());
  }

  @Test
  void badValuesAreReportedWithTheirKeys() {
    assertEquals(
        List.of(
            "a.yaml:4: dns.forwarders: 'ns1.example.org' is not an IP address (host names are"
                + " not accepted here)",
            "a.yaml:5: dns.recursion_networks: at least one network is required; leave the key"
                + " out for the default (mail.relay_networks)",
            "a.yaml:6: dns.forward_timeout: must be between 100ms and 30s",
            "a.yaml:7: dns.cache_size: -1 is not in 0..10000000",
            "a.yaml:8: dns.cache_max_ttl: must be between 1s and 7d"),
        problems(
            """
            modules: [dns]
            dns:
              zones: z
              forwarders: ["ns1.example.org:53"]
              recursion_networks: []
              forward_timeout: 1m
              cache_size: -1
              cache_max_ttl: 30d
            """));
  }

  @Test
  void forwarderListedTwiceIsReported() {
    assertEquals(
        List.of("a.yaml:2: dns.forwarders: 192.0.2.1:53 is listed twice"),
        problems(
            "modules: [dns]\ndns: { zones: z, forwarders: [\"192.0.2.1:53\", \"192.0.2.1:53\"],"
                + " listen: [\"127.0.0.1:53\"] }\n"));
  }
}
