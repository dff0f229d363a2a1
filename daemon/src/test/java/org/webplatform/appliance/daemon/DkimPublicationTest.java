package org.webplatform.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.role.Role;
import org.webplatform.appliance.role.RoleContext;
import org.webplatform.appliance.smtp.dkim.Canonicalization;
import org.webplatform.appliance.smtp.dkim.DkimAlgorithm;
import org.webplatform.appliance.smtp.dkim.DkimKey;
import org.webplatform.appliance.smtp.dkim.DkimKeys;
import org.webplatform.appliance.smtp.dkim.DkimSigner;
import org.webplatform.appliance.testing.DkimVerifiers;
import org.webplatform.appliance.testing.Peers;
import org.webplatform.appliance.testing.Processes;
import org.xbill.DNS.TXTRecord;
import picocli.CommandLine;

/**
 * DKIM key records served by the DNS role: the zone line {@code appliance dkim keygen} prints, and
 * the keys of {@code mail.dkim} published without any zone edit. Each time {@code dig} fetches the
 * record from the running role and dkimpy verifies a signed message against what dig saw.
 */
class DkimPublicationTest {
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  @TempDir Path dir;

  @Test
  void keygenZoneLineServedFromAZoneFileVerifiesWithDkimpy() throws Exception {
    String dig = Peers.require("dig", "bind9-dnsutils");
    Path keyFile = dir.resolve("s2026.pem");
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    assertEquals(0, cli.execute("dkim", "keygen", "--domain", "example.test", "--selector",
        "s2026", "--out", keyFile.toString()));
    Path config = writeConfig("modules: [dns]\n", out.toString());

    try (Running dns = startDns(config)) {
      String published = txt(dig, dns.port(), "s2026._domainkey.example.test");
      DkimKey key = DkimKeys.load(keyFile, "example.test", "s2026", DkimAlgorithm.RSA_SHA256);
      assertEquals(List.of("pass rsa-sha256"),
          verify(Map.of("s2026._domainkey.example.test", published), List.of(key)));
    }
  }

  @Test
  void relayKeysArePublishedByTheDnsRoleAndVerify() throws Exception {
    String dig = Peers.require("dig", "bind9-dnsutils");
    Path config = writeConfig(relayModules(), "");
    ApplianceConfig parsed = ConfigLoader.load(config);

    try (Running dns = startDns(config)) {
      Map<String, String> published = new LinkedHashMap<>();
      published.put("rsa1._domainkey.example.test",
          txt(dig, dns.port(), "rsa1._domainkey.example.test"));
      published.put("ed1._domainkey.example.test",
          txt(dig, dns.port(), "ed1._domainkey.example.test"));
      List<DkimKey> keys = List.of(
          DkimKeys.load(dir.resolve("rsa1.pem"), "example.test", "rsa1", DkimAlgorithm.RSA_SHA256),
          DkimKeys.load(
              dir.resolve("ed1.pem"), "example.test", "ed1", DkimAlgorithm.ED25519_SHA256));
      assertEquals(List.of("pass rsa-sha256", "pass ed25519-sha256"), verify(published, keys));
    }
    assertEquals(2, DkimPublication.records(parsed).size());
  }

  /**
   * One key file that cannot be used withholds only its own record: the good key is still
   * published and verifies, and {@code appliance check} reports the broken one and fails.
   */
  @Test
  void aBrokenKeyFileWithholdsOnlyItsOwnRecordAndFailsTheCheck() throws Exception {
    String dig = Peers.require("dig", "bind9-dnsutils");
    String modules = relayModules();
    Path broken = dir.resolve("broken.pem");
    Files.writeString(broken, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n"
        + "-----END PRIVATE KEY-----\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rw-------"));
    Path config = writeConfig(modules
        + "      broken: { domain: example.test, key_file: broken.pem }\n", "");

    assertEquals(List.of("rsa1._domainkey.example.test.", "ed1._domainkey.example.test."),
        DkimPublication.records(ConfigLoader.load(config)).stream()
            .map(r -> r.record().getName().toString()).toList());
    try (Running dns = startDns(config)) {
      String published = txt(dig, dns.port(), "rsa1._domainkey.example.test");
      DkimKey key = DkimKeys.load(
          dir.resolve("rsa1.pem"), "example.test", "rsa1", DkimAlgorithm.RSA_SHA256);
      assertEquals(List.of("pass rsa-sha256"),
          verify(Map.of("rsa1._domainkey.example.test", published), List.of(key)));
    }

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    assertEquals(1, cli.execute("check", "--config", config.toString()), out.toString());
    assertTrue(err.toString().contains(config + ": mail.dkim.keys.broken: key unusable: key file "
        + broken + " is not a PKCS#8 rsa key"), err.toString());
    assertTrue(err.toString().contains("check failed: 1 problem(s)"), err.toString());
    assertFalse(out.toString().contains("check ok"), out.toString());
  }

  @Test
  void aZoneCarryingAnotherKeyIsAWarningAndTheConfiguredKeyIsServed() throws Exception {
    String dig = Peers.require("dig", "bind9-dnsutils");
    String stale = "rsa1._domainkey IN TXT \"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\"\n";
    Path config = writeConfig(relayModules(), stale);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    assertEquals(0, cli.execute("check", "--config", config.toString()), err.toString());
    String zoneLine = dir.resolve("zones/example.test") + ":7: warning: TXT "
        + "rsa1._domainkey.example.test. differs from mail.dkim key rsa1._domainkey.example.test";
    assertTrue(err.toString().contains(zoneLine), err.toString());
    assertTrue(out.toString().startsWith("check ok"), out.toString());

    try (Running dns = startDns(config)) {
      String served = txt(dig, dns.port(), "rsa1._domainkey.example.test");
      assertFalse(served.contains("p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A;"), served);
      DkimKey key = DkimKeys.load(
          dir.resolve("rsa1.pem"), "example.test", "rsa1", DkimAlgorithm.RSA_SHA256);
      assertEquals(List.of("pass rsa-sha256"),
          verify(Map.of("rsa1._domainkey.example.test", served), List.of(key)));
    }
  }

  @Test
  void theSameKeySplitDifferentlyIsNoWarning() throws Exception {
    Path config = writeConfig(relayModules(), "");
    TXTRecord configured =
        (TXTRecord) DkimPublication.records(ConfigLoader.load(config)).get(0).record();
    String text = String.join("", configured.getStrings());
    StringBuilder resplit = new StringBuilder();
    for (int i = 0; i < text.length(); i += 100) {
      resplit.append(" \"").append(text, i, Math.min(text.length(), i + 100)).append('"');
    }
    Files.writeString(dir.resolve("zones/example.test"),
        Files.readString(dir.resolve("zones/example.test"))
            + "rsa1._domainkey IN TXT" + resplit + "\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    assertEquals(0, cli.execute("check", "--config", config.toString()), err.toString());
    assertFalse(err.toString().contains("warning"), err.toString());
  }

  /** The modules and mail section of a relay with an RSA and an Ed25519 key for example.test. */
  private String relayModules() throws IOException {
    for (String[] key : new String[][] {{"rsa1", "rsa"}, {"ed1", "ed25519"}}) {
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(new StringWriter(), true));
      cli.setErr(new PrintWriter(new StringWriter(), true));
      assertEquals(0, cli.execute("dkim", "keygen", "--domain", "example.test", "--selector",
          key[0], "--algorithm", key[1], "--out", dir.resolve(key[0] + ".pem").toString()));
    }
    Files.createDirectories(dir.resolve("spool"));
    return """
        modules: [dns, smtp-relay]
        mail:
          listen: ["127.0.0.1:0"]
          spool: spool
          relay_networks: ["127.0.0.0/8"]
          dkim:
            keys:
              rsa1: { domain: example.test, key_file: rsa1.pem }
              ed1: { domain: example.test, key_file: ed1.pem, algorithm: ed25519 }
        """;
  }

  private Path writeConfig(String head, String zoneExtra) throws IOException {
    Path zones = Files.createDirectories(dir.resolve("zones"));
    Files.writeString(zones.resolve("example.test"), """
        $TTL 300
        @ IN SOA ns1 hostmaster 1 3600 900 86400 60
          IN NS ns1
        ns1 IN A 192.0.2.1
        www IN A 192.0.2.80
        $ORIGIN example.test.
        """ + zoneExtra);
    Path file = dir.resolve("appliance.yaml");
    Files.writeString(file, head + """
        dns:
          listen: ["127.0.0.1:0"]
          zones: zones
          watch_zones: false
        """);
    return file;
  }

  /** The DNS role exactly as {@code appliance run} builds it; the other roles are not started. */
  private static Running startDns(Path config) throws Exception {
    ApplianceConfig parsed = ConfigLoader.load(config);
    Role dns = RoleCatalog.build(parsed, new RoleContext(new PrometheusRegistry(),
        Clock.systemUTC())).get(0);
    assertEquals("dns", dns.name());
    dns.start();
    return new Running(dns);
  }

  private record Running(Role role) implements AutoCloseable {
    int port() {
      InetSocketAddress address = role.boundAddresses().get(0);
      return address.getPort();
    }

    @Override
    public void close() {
      role.stop(Duration.ofSeconds(2));
    }
  }

  /** The TXT record's strings as dig prints them, joined (RFC 6376 §3.6.2.2). */
  private static String txt(String dig, int port, String name) throws IOException {
    Processes.Result r = Processes.run(20, dig, "@127.0.0.1", "-p" + port, "+tries=1",
        "+short", name, "TXT");
    assertEquals(0, r.exit(), r.output());
    StringBuilder text = new StringBuilder();
    Matcher m = QUOTED.matcher(r.output());
    while (m.find()) {
      text.append(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    assertTrue(text.toString().startsWith("v=DKIM1;"), r.output());
    return text.toString();
  }

  /** dkimpy's verdicts on a message signed with {@code keys}, keys looked up in {@code records}. */
  private List<String> verify(Map<String, String> records, List<DkimKey> keys)
      throws Exception {
    byte[] message = ("From: ops@example.test\r\nTo: a@elsewhere.test\r\nSubject: key check\r\n"
        + "\r\nHello\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] signature = new DkimSigner(Canonicalization.RELAXED, Canonicalization.RELAXED,
        Optional.empty()).sign(new ByteArrayInputStream(message), keys, Instant.now());
    byte[] signed = new byte[signature.length + message.length];
    System.arraycopy(signature, 0, signed, 0, signature.length);
    System.arraycopy(message, 0, signed, signature.length, message.length);
    Path work = Files.createTempDirectory(dir, "dkimpy");
    Path file = Files.write(work.resolve("signed.eml"), signed);
    return DkimVerifiers.dkimpy(work, DkimVerifiers.keysFile(work, records), List.of(file))
        .stream()
        .map(line -> line.result() + " " + line.detail())
        .toList();
  }
}
