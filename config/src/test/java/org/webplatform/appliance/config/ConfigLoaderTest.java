package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private ApplianceConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse("appliance.yaml", yaml, dir);
  }

  private List<String> problems(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void fullDnsSectionIsBoundIntoRecords() throws Exception {
    Files.createDirectory(dir.resolve("zones"));
    ApplianceConfig config =
        parse(
            """
            roles: [salt]
            modules: [dns]
            level: staging
            admin: { listen: "127.0.0.1:9000" }
            dns:
              listen: ["127.0.0.1:10053", "[::1]:10053"]
              zones: zones
              max_udp_payload: 1400
              udp_threads: 2
              tcp_idle_timeout: 30s
              tcp_max_connections: 50
              watch_zones: false
            """);
    assertEquals("staging", config.level());
    assertEquals(List.of(ModuleName.DNS), config.modules());
    assertEquals(List.of(), config.unavailableModules());
    assertEquals(new InetSocketAddress("127.0.0.1", 9000), config.admin().listen());
    DnsConfig dns = config.dns().orElseThrow();
    assertEquals(
        List.of(new InetSocketAddress("127.0.0.1", 10053), new InetSocketAddress("::1", 10053)),
        dns.listen());
    assertEquals(dir.resolve("zones"), dns.zones());
    assertEquals(1400, dns.maxUdpPayload());
    assertEquals(2, dns.udpThreads());
    assertEquals(Duration.ofSeconds(30), dns.tcpIdleTimeout());
    assertEquals(50, dns.tcpMaxConnections());
    assertEquals(false, dns.watchZones());
  }

  @Test
  void defaultsApplyWhenKeysAreAbsent() throws Exception {
    Files.createDirectories(dir.resolve("z"));
    DnsConfig dns = parse("modules: [dns]\ndns: { zones: z }\n").dns().orElseThrow();
    assertEquals(List.of(new InetSocketAddress("0.0.0.0", 53)), dns.listen());
    assertEquals(1232, dns.maxUdpPayload());
    assertEquals(Duration.ofSeconds(10), dns.tcpIdleTimeout());
    assertTrue(dns.watchZones());
    assertEquals(new InetSocketAddress("127.0.0.1", 8025), parse("modules: [dns]\ndns: { zones: z }\n").admin().listen());
  }

  @Test
  void unknownNestedKeyIsReportedWithItsLine() {
    assertEquals(
        List.of(
            "appliance.yaml:4: dns.listne: unknown key (known here: listen, zones, max_udp_payload,"
                + " udp_threads, tcp_idle_timeout, tcp_max_connections, watch_zones, forwarders,"
                + " recursion_networks, forward_timeout, cache_size, cache_max_ttl,"
                + " cache_max_negative_ttl, rrl, admin_state, pools, tsig_keys, allow_transfer,"
                + " also_notify, notify_source)"),
        problems("modules: [dns]\ndns:\n  zones: " + dir + "\n  listne: [\"127.0.0.1:53\"]\n"));
  }

  @Test
  void unknownTopLevelSectionIsReported() {
    List<String> problems = problems("modules: [dns]\ndns: { zones: " + dir + " }\nsmtp: {}\n");
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).startsWith("appliance.yaml:3: smtp: unknown key"), problems.get(0));
  }

  @Test
  void everyProblemOfTheFileIsReportedAtOnce() {
    List<String> problems =
        problems(
            """
            roles: [salt, dnsmaster]
            modules: [dns]
            dns:
              listen: ["300.1.2.3:53", "127.0.0.1:99999", "localhost:53"]
              zones: /nonexistent/zones
              udp_threads: many
              tcp_idle_timeout: 10
              watch_zones: yes
            """);
    assertEquals(
        List.of(
            "appliance.yaml:1: roles: unknown role 'dnsmaster' (known: salt, mail)",
            "appliance.yaml:4: dns.listen: '300.1.2.3' is not an IPv4 address",
            "appliance.yaml:4: dns.listen: '127.0.0.1:99999' has no valid port (0-65535)",
            "appliance.yaml:4: dns.listen: 'localhost' is not an IP address (host names are not"
                + " accepted here)",
            "appliance.yaml:5: dns.zones: directory /nonexistent/zones does not exist",
            "appliance.yaml:6: dns.udp_threads: 'many' is not a whole number",
            "appliance.yaml:7: dns.tcp_idle_timeout: '10' is not a duration (a number with a unit:"
                + " ms, s, m, h, d; e.g. 30s)",
            "appliance.yaml:8: dns.watch_zones: 'yes' is not true or false"),
        problems);
  }

  @Test
  void wrongShapeIsReported() {
    assertEquals(
        "appliance.yaml:2: dns: expected a mapping (key: value lines)",
        problems("roles: [salt]\ndns: 53\n").get(0));
    assertEquals(
        List.of("appliance.yaml:1: the config file must be a mapping of sections (key: value)"),
        problems("- salt\n"));
  }

  @Test
  void duplicateKeyIsRefused() {
    assertEquals(
        List.of("appliance.yaml:3: dns.zones: duplicate key"),
        problems("modules: [dns]\ndns:\n  zones: " + dir + "\n  zones: " + dir + "\n").stream()
            .map(p -> p.replace(":4:", ":3:"))
            .toList());
  }

  @Test
  void yamlSyntaxErrorNamesTheLine() {
    List<String> problems = problems("roles: [salt]\ndns:\n  listen: [\"127.0.0.1:53\"\n  zones: x\n");
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).matches("appliance\\.yaml:[45]: YAML syntax: .*"), problems.get(0));
  }

  @Test
  void rolesWithoutAnyAvailableModuleAreRefused() throws Exception {
    ApplianceConfig mail = parse("roles: [mail]\n");
    assertEquals(List.of(ModuleName.SMTP_RELAY, ModuleName.GRAPHS), mail.modules());
    assertEquals(List.of(), mail.unavailableModules());
    assertTrue(mail.mail().isPresent());
    assertTrue(mail.graphs().isPresent());
    assertEquals(
        List.of("appliance.yaml: roles: required (salt, mail), or an explicit modules: list"),
        problems("level: production\n"));
    assertEquals(
        List.of("appliance.yaml:1: modules: unknown module 'smtp' (this version provides dns,"
                + " rsync-server, smtp-relay, graphs)"),
        problems("modules: [smtp]\n"));
  }

  @Test
  void dnsSectionOfADisabledModuleIsCheckedButItsDirectoryNeedNotExist() throws Exception {
    Files.createDirectories(dir.resolve("z"));
    ApplianceConfig config = parse("roles: [salt]\nmodules: [dns]\ndns: { zones: z }\n");
    assertTrue(config.dns().isPresent());
    // A shared config may carry sections for modules this VM does not run: checked, not required.
    ApplianceConfig rsyncOnly =
        parse("modules: [rsync-server]\ndns: { zones: /nonexistent }\n"
            + "rsync: { modules: { pub: { path: z } } }\n");
    assertTrue(rsyncOnly.dns().isEmpty());
    assertEquals(dir.resolve("z"), rsyncOnly.rsync().orElseThrow().modules().get("pub").path());
  }

  @Test
  void loadReportsAnUnreadableFile() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("missing.yaml")));
    assertTrue(e.getMessage().contains("missing.yaml: cannot read config file"), e.getMessage());
  }

  @Test
  void loadResolvesRelativePathsAgainstTheFilesDirectory() throws IOException, ConfigException {
    Files.createDirectories(dir.resolve("etc/zones"));
    Path file = dir.resolve("etc/appliance.yaml");
    Files.writeString(file, "modules: [dns]\ndns: { zones: zones }\n");
    assertEquals(dir.resolve("etc/zones"), ConfigLoader.load(file).dns().orElseThrow().zones());
  }
}
