package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailSectionTest {
  @TempDir Path dir;

  private MailConfig mail(String yaml) throws ConfigException {
    return ConfigLoader.parse("a.yaml", "modules: [smtp-relay]\n" + yaml, dir).mail().orElseThrow();
  }

  private List<String> problems(String yaml) {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.parse("a.yaml", "modules: [smtp-relay]\n" + yaml, dir));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void defaultsArePostfixsAndDenyEverythingButLoopback() throws Exception {
    MailConfig mail = mail("");
    assertEquals(List.of(new InetSocketAddress("0.0.0.0", 25)), mail.listen());
    assertEquals(MailSection.DEFAULT_SPOOL, mail.spool());
    assertEquals("[127.0.0.0/8, 0:0:0:0:0:0:0:1/128]", mail.relayNetworks().toString());
    assertEquals(Map.of(), mail.relayDomains());
    assertEquals(Optional.empty(), mail.relayhost());
    assertEquals(25, mail.deliveryPort());
    assertEquals(10_240_000L, mail.limits().messageSizeLimit());
    assertEquals(1000, mail.limits().recipientLimit());
    assertEquals(Duration.ofMinutes(5), mail.delivery().minimalBackoff());
    assertEquals(Duration.ofHours(1), mail.delivery().maximalBackoff());
    assertEquals(Duration.ofDays(5), mail.delivery().maximalQueueLifetime());
    assertEquals(50, mail.delivery().hopCountLimit());
  }

  @Test
  void everyKeyIsRead() throws Exception {
    Files.writeString(dir.resolve("users"), "u:x\n");
    MailConfig mail =
        mail(
            """
            mail:
              listen: ["127.0.0.1:2525"]
              hostname: relay.anchor.test
              spool: spool
              relay_networks: ["10.0.0.0/8"]
              relay_domains: { Anchor.TEST: "127.0.0.5:2526" }
              relayhost: "127.0.0.2:25"
              resolvers: ["127.0.0.1:5353"]
              delivery_port: 2525
              users_file: users
              limits:
                max_connections: 10
                max_connections_per_client: 2
                message_size_limit: 1MiB
                recipient_limit: 100
                command_timeout: 10s
                data_timeout: 1m
              delivery:
                minimal_backoff: 1s
                maximal_backoff: 4s
                maximal_queue_lifetime: 1h
                destination_concurrency: 3
                threads: 4
                connect_timeout: 2s
                hop_count_limit: 30
            """);
    assertEquals("relay.anchor.test", mail.hostname());
    assertEquals(dir.resolve("spool"), mail.spool());
    assertEquals(Map.of("anchor.test", new InetSocketAddress("127.0.0.5", 2526)),
        mail.relayDomains());
    assertEquals(Optional.of(new InetSocketAddress("127.0.0.2", 25)), mail.relayhost());
    assertEquals(1024 * 1024L, mail.limits().messageSizeLimit());
    assertEquals(Duration.ofSeconds(10), mail.limits().commandTimeout());
    assertEquals(3, mail.delivery().destinationConcurrency());
    assertEquals(Optional.of(dir.resolve("users")), mail.usersFile());
  }

  @Test
  void badValuesAreReportedWithLines() {
    List<String> problems =
        problems(
            """
            mail:
              relay_networks: ["10.0.0.1/8"]
              relay_domains: { "bad domain": "127.0.0.1:25", ok.test: "host:25" }
              tls_cert: cert.pem
              limits: { message_size_limit: 10XB, recipient_limit: 5 }
              relayhost: mx.example:25
            """);
    assertEquals(8, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("a.yaml:3: mail.relay_networks: '10.0.0.1/8'"));
    assertTrue(problems.stream().anyMatch(p -> p.contains("'bad domain' is not a host name")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("tls_cert and tls_key go together")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("file " + dir.resolve("cert.pem"))));
    assertTrue(problems.stream().anyMatch(p -> p.contains("'10XB' is not a size")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("5 is not in 100..100000")));
  }

  @Test
  void sizesTakeDecimalAndBinaryUnits() {
    assertEquals(10_240_000L, ValueSyntax.size("10240000"));
    assertEquals(10 * 1024 * 1024L, ValueSyntax.size("10MiB"));
    assertEquals(10_000_000L, ValueSyntax.size("10MB"));
    assertEquals(512 * 1024L, ValueSyntax.size("512KiB"));
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.size("10 MiB"));
  }
}
