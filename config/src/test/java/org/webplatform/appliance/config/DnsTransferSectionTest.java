package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.DnsTransferConfig.Allow;
import org.webplatform.appliance.config.DnsTransferConfig.NotifyTarget;
import org.webplatform.appliance.config.DnsTransferConfig.TsigKey;

class DnsTransferSectionTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  private static final String SECRET_B64 = Base64.getEncoder().encodeToString(SECRET);

  @TempDir Path dir;

  @BeforeEach
  void zones() throws Exception {
    Files.createDirectories(dir.resolve("zones"));
  }

  private DnsTransferConfig transfer(String dnsLines) throws ConfigException {
    return ConfigLoader.parse("a.yaml", "modules: [dns]\ndns:\n  zones: zones\n" + dnsLines, dir)
        .dns()
        .orElseThrow()
        .transfer();
  }

  private List<String> problems(String dnsLines) {
    ConfigException e = assertThrows(ConfigException.class, () -> transfer(dnsLines));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void withoutTransferKeysNobodyMayTransferAndNobodyIsNotified() throws Exception {
    DnsTransferConfig transfer = transfer("");

    assertEquals(DnsTransferConfig.NONE, transfer);
  }

  @Test
  void shortAndLongFormsAreReadInOrderWithKeysNormalised() throws Exception {
    Path secretFile = dir.resolve("notify.key");
    Files.writeString(secretFile, SECRET_B64 + "\n");
    Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));

    DnsTransferConfig transfer =
        transfer(
            """
              tsig_keys:
                Xfr-Key.: { algorithm: hmac-sha512, secret: "%s" }
                notify.example: { secret_file: notify.key }
              allow_transfer:
                - 10.0.0.0/24
                - { network: "127.0.0.0/8", key: xfr-key }
              also_notify:
                - "127.0.0.1:5301"
                - { address: "[::1]:5302", key: NOTIFY.example. }
            """
                .formatted(SECRET_B64));

    TsigKey xfr = transfer.tsigKeys().get("xfr-key");
    assertEquals("hmac-sha512", xfr.algorithm());
    assertArrayEquals(SECRET, xfr.secret());
    TsigKey notify = transfer.tsigKeys().get("notify.example");
    assertEquals("hmac-sha256", notify.algorithm(), "the default algorithm");
    assertArrayEquals(SECRET, notify.secret());
    assertFalse(notify.toString().contains(SECRET_B64), "toString never shows the secret");
    assertEquals(
        List.of(
            new Allow(ValueSyntax.cidr("10.0.0.0/24"), Optional.empty()),
            new Allow(ValueSyntax.cidr("127.0.0.0/8"), Optional.of("xfr-key"))),
        transfer.allowTransfer());
    assertEquals(
        List.of(
            new NotifyTarget(new InetSocketAddress("127.0.0.1", 5301), Optional.empty()),
            new NotifyTarget(new InetSocketAddress("::1", 5302), Optional.of("notify.example"))),
        transfer.alsoNotify());
    assertTrue(transfer.notifySource().isEmpty());
  }

  @Test
  void notifySourceIsAnAddressOfTheTargetsFamily() throws Exception {
    DnsTransferConfig transfer =
        transfer("  also_notify: [\"127.0.0.2:53\"]\n  notify_source: 127.0.0.1\n");

    assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), transfer.notifySource());
    assertEquals(
        List.of("a.yaml:5: dns.notify_source: 127.0.0.1 cannot send to [::1]:53 (other address"
            + " family)"),
        problems("  also_notify: [\"[::1]:53\"]\n  notify_source: 127.0.0.1\n"));
  }

  @Test
  void keyProblemsAreReportedAtTheirLines() {
    List<String> problems =
        problems(
            """
              tsig_keys:
                short: { secret: "c2hvcnQ=" }
                garbled: { secret: "not base64!" }
                md5: { algorithm: hmac-md5, secret: "%s" }
                none: { algorithm: hmac-sha256 }
                both: { secret: "%s", secret_file: x.key }
                "bad name!": { secret: "%s" }
            """
                .formatted(SECRET_B64, SECRET_B64, SECRET_B64));

    assertEquals(
        List.of(
            "a.yaml:5: dns.tsig_keys.short.secret: secret of 5 octets is too short: at least 16,"
                + " better the hash length (32 for hmac-sha256; openssl rand -base64 32)",
            "a.yaml:6: dns.tsig_keys.garbled.secret: is not base64: Illegal base64 character 21",
            "a.yaml:7: dns.tsig_keys.md5.algorithm: 'hmac-md5' is not a supported TSIG algorithm"
                + " (hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1; hmac-md5 is"
                + " deprecated by RFC 8945)",
            "a.yaml:8: dns.tsig_keys.none.secret: required: the base64 shared secret, or"
                + " secret_file",
            "a.yaml:9: dns.tsig_keys.both.secret_file: give secret or secret_file, not both",
            "a.yaml:10: dns.tsig_keys.bad name!: key name 'bad name!' must be a domain name"
                + " (letters, digits, '-', '_', '.')"),
        problems);
  }

  @Test
  void secretFileReadableByOthersIsRefused() throws Exception {
    Path secretFile = dir.resolve("open.key");
    Files.writeString(secretFile, SECRET_B64);
    Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-r--r--"));

    assertEquals(
        List.of(
            "a.yaml:5: dns.tsig_keys.k.secret_file: file " + secretFile
                + " must not be accessible by others (chmod 600)"),
        problems("  tsig_keys:\n    k: { secret_file: open.key }\n"));
  }

  @Test
  void unknownKeyNamesAndBadEntriesAreReportedAtTheEntry() {
    List<String> problems =
        problems(
            """
              tsig_keys:
                xfr: { secret: "%s" }
              allow_transfer:
                - 10.0.0.0/33
                - { network: 10.1.0.0/16, key: nope }
                - { key: xfr }
                - { network: 10.2.0.0/16, keys: xfr }
              also_notify:
                - 127.0.0.1
                - "127.0.0.1:0"
                - { address: "127.0.0.1:53", key: other }
            """
                .formatted(SECRET_B64));

    assertEquals(
        List.of(
            "a.yaml:7: dns.allow_transfer: '10.0.0.0/33' has an invalid prefix length (0-32)",
            "a.yaml:8: dns.allow_transfer.key: no key named 'nope' under dns.tsig_keys"
                + " (defined: xfr)",
            "a.yaml:9: dns.allow_transfer.network: required: the clients' network, e.g."
                + " 10.0.0.0/24",
            "a.yaml:10: dns.allow_transfer.keys: unknown key (known here: network, key)",
            "a.yaml:12: dns.also_notify: '127.0.0.1' is not an address: expected host:port,"
                + " IPv6 as [addr]:port",
            "a.yaml:13: dns.also_notify: '127.0.0.1:0' needs a port other than 0 (53 usually)",
            "a.yaml:14: dns.also_notify.key: no key named 'other' under dns.tsig_keys"
                + " (defined: xfr)"),
        problems);
  }

  @Test
  void secretFilesAreNotReadWhenTheModuleIsOff() throws Exception {
    ApplianceConfig config =
        ConfigLoader.parse(
            "a.yaml",
            "modules: [rsync-server]\nrsync:\n  modules: { m: { path: . } }\n"
                + "dns:\n  tsig_keys:\n    k: { secret_file: missing.key }\n",
            dir);

    assertTrue(config.dns().isEmpty());
  }
}
