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

  @Test
  void dkimIsOffByDefault() throws Exception {
    MailConfig.Dkim dkim = mail("").dkim();
    assertTrue(!dkim.enabled());
    assertEquals(MailConfig.DkimOnError.DEFER, dkim.onError());
  }

  @Test
  void dkimKeysSigningTableAndRotation() throws Exception {
    Path rsa = Files.writeString(dir.resolve("rsa.pem"), "x");
    Path ed = Files.writeString(dir.resolve("ed.pem"), "x");
    for (Path p : List.of(rsa, ed)) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions
          .fromString("rw-------"));
    }
    MailConfig.Dkim dkim =
        mail(
            """
            mail:
              dkim:
                on_error: deliver
                canonicalization: relaxed/simple
                expire_after: 7d
                keys:
                  s2026: { domain: Anchor.TEST, key_file: rsa.pem }
                  e2026: { domain: anchor.test, key_file: ed.pem, algorithm: ed25519 }
                  s2025: { domain: anchor.test, selector: old, key_file: rsa.pem, active: false }
                signing_table:
                  "*@lists.anchor.test": [s2026]
            """)
            .dkim();
    assertTrue(dkim.enabled());
    assertEquals(MailConfig.DkimOnError.DELIVER, dkim.onError());
    assertEquals("relaxed", dkim.headerCanonicalization());
    assertEquals("simple", dkim.bodyCanonicalization());
    assertEquals(Optional.of(Duration.ofDays(7)), dkim.expireAfter());
    assertEquals(
        new MailConfig.DkimKey("anchor.test", "s2026", rsa, "rsa", true), dkim.keys().get("s2026"));
    assertEquals("ed25519", dkim.keys().get("e2026").algorithm());
    assertEquals("old", dkim.keys().get("s2025").selector());
    assertTrue(!dkim.keys().get("s2025").active());
    assertEquals(Map.of("*@lists.anchor.test", List.of("s2026")), dkim.signingTable());
  }

  @Test
  void dkimProblems() throws Exception {
    Path open = Files.writeString(dir.resolve("open.pem"), "x");
    Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions
        .fromString("rw-r--r--"));
    List<String> problems =
        problems(
            """
            mail:
              dkim:
                on_error: bounce
                canonicalization: loose/simple
                keys:
                  a: { domain: anchor.test, key_file: open.pem, algorithm: dsa }
                  b: { key_file: missing.pem }
                signing_table:
                  "*@x.test": [nokey]
                  "nodomain": [a]
            """);
    assertTrue(problems.stream().anyMatch(p -> p.contains("'bounce' is not defer or deliver")),
        problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("'loose/simple' is not relaxed")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("readable by others")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("'dsa' is not rsa or ed25519")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("keys.b.domain: required")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("missing.pem is not readable")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("no key named 'nokey'")));
    assertTrue(problems.stream().anyMatch(p -> p.contains("a sender pattern looks like")));
  }
}
