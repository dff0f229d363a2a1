package org.webplatform.appliance.smtp.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.config.MailConfig;
import org.webplatform.appliance.testing.DkimVerifiers;

/** keygen files and records, key loading, the records for a config, signing table, From. */
class DkimKeysTest {
  @TempDir Path dir;

  @Test
  void keygenWritesA0600Pkcs8FileAndA255SplitRecord() throws Exception {
    Path file = dir.resolve("dkim/s1.pem");
    DkimKeyGenerator.Generated g = DkimKeyGenerator.generate(
        "anchor.test", "s1", DkimAlgorithm.RSA_SHA256, Optional.of(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertEquals("s1._domainkey.anchor.test", g.record().name());
    assertTrue(g.record().strings().size() >= 2, g.record().toString()); // 2048-bit > 255
    assertTrue(g.record().strings().stream().allMatch(s -> s.length() <= 255));
    assertTrue(g.record().text().startsWith("v=DKIM1; k=rsa; p=MIIBIjAN"));
    assertTrue(g.record().zoneLine().startsWith("s1._domainkey.anchor.test. TXT \"v=DKIM1;"));
    assertThrows(IOException.class, () -> DkimKeyGenerator.generate(
        "anchor.test", "s1", DkimAlgorithm.RSA_SHA256, Optional.of(file)), "no overwrite");
    DkimKey loaded = DkimKeys.load(file, "anchor.test", "s1", DkimAlgorithm.RSA_SHA256);
    assertEquals(g.record().text(), loaded.recordText());
  }

  @Test
  void ed25519PublicKeyIsDerivedFromTheFileAndIsRaw32Bytes() throws Exception {
    Path file = dir.resolve("e1.pem");
    DkimKeyGenerator.Generated g = DkimKeyGenerator.generate(
        "anchor.test", "e1", DkimAlgorithm.ED25519_SHA256, Optional.of(file));
    DkimKey loaded = DkimKeys.load(file, "anchor.test", "e1", DkimAlgorithm.ED25519_SHA256);
    assertEquals(g.key().recordText(), loaded.recordText());
    String p = loaded.recordText().substring(loaded.recordText().indexOf("p=") + 2);
    assertEquals(32, java.util.Base64.getDecoder().decode(p).length); // RFC 8463 §4
    assertEquals(1, g.record().strings().size());
  }

  @Test
  void worldReadableOrWrongKeysAreRefused() throws Exception {
    Path file = dir.resolve("k.pem");
    DkimKeyGenerator.generate("a.test", "s", DkimAlgorithm.RSA_SHA256, Optional.of(file));
    assertThrows(IOException.class,
        () -> DkimKeys.load(file, "a.test", "s", DkimAlgorithm.ED25519_SHA256));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    IOException e = assertThrows(IOException.class,
        () -> DkimKeys.load(file, "a.test", "s", DkimAlgorithm.RSA_SHA256));
    assertTrue(e.getMessage().contains("readable by others"));
  }

  @Test
  void recordsForAConfigCoverEveryKeyAndSatisfyDkimpy() throws Exception {
    DkimKeyGenerator.Generated rsa = DkimKeyGenerator.generate(
        "anchor.test", "new", DkimAlgorithm.RSA_SHA256, Optional.of(dir.resolve("new.pem")));
    DkimKeyGenerator.Generated old = DkimKeyGenerator.generate(
        "anchor.test", "old", DkimAlgorithm.ED25519_SHA256, Optional.of(dir.resolve("old.pem")));
    MailConfig mail = ConfigLoader.parse("t.yaml", """
        modules: [smtp-relay]
        mail:
          dkim:
            keys:
              new: { domain: anchor.test, key_file: new.pem }
              old: { domain: anchor.test, key_file: old.pem, algorithm: ed25519, active: false }
        """, dir).mail().orElseThrow();
    List<TxtRecord> records = DkimDnsRecords.load(mail).records();
    assertEquals(List.of(rsa.record(), old.record()), records);
    // The published text is what a verifier gets: sign with both and let dkimpy fetch it.
    byte[] msg = "From: a@anchor.test\r\nSubject: x\r\n\r\nhi\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] sig = new DkimSigner(Canonicalization.RELAXED, Canonicalization.RELAXED,
        Optional.empty()).sign(new ByteArrayInputStream(msg), List.of(rsa.key(), old.key()),
        Instant.now());
    byte[] signed = new byte[sig.length + msg.length];
    System.arraycopy(sig, 0, signed, 0, sig.length);
    System.arraycopy(msg, 0, signed, sig.length, msg.length);
    Path keys = Files.writeString(dir.resolve("records.tsv"),
        records.get(0).name() + "\t" + records.get(0).text() + "\n"
            + records.get(1).name() + "\t" + records.get(1).text() + "\n");
    Path file = Files.write(dir.resolve("m.eml"), signed);
    List<DkimVerifiers.Line> lines = DkimVerifiers.dkimpy(dir, keys, List.of(file));
    assertEquals(List.of("pass", "pass"), lines.stream().map(DkimVerifiers.Line::result).toList(),
        lines.toString());
  }

  @Test
  void signingTablePatternsThenFromDomainOnlyActiveKeys() {
    Path f = dir.resolve("x.pem");
    MailConfig.Dkim config = new MailConfig.Dkim(MailConfig.DkimOnError.DEFER, "relaxed",
        "relaxed", Optional.empty(), Map.of(
            "a", new MailConfig.DkimKey("anchor.test", "a", f, "rsa", true),
            "b", new MailConfig.DkimKey("anchor.test", "b", f, "ed25519", false),
            "l", new MailConfig.DkimKey("lists.test", "l", f, "rsa", true)),
        Map.of("*@*.anchor.test", List.of("l", "b")));
    SigningTable t = new SigningTable(config);
    assertEquals(List.of("a"), t.keysFor("x@anchor.test", "anchor.test"));
    assertEquals(List.of("l"), t.keysFor("x@sub.anchor.test", "sub.anchor.test"));
    assertEquals(List.of(), t.keysFor("x@other.test", "other.test"));
  }

  @Test
  void fromDomain() {
    assertEquals(Optional.of("anchor.test"), FromAddress.domain(" Alice <a@Anchor.Test>\r\n"));
    assertEquals(Optional.of("anchor.test"),
        FromAddress.domain(" \"x@evil.test, <y@evil.test>\" <a@anchor.test>\r\n"));
    assertEquals(Optional.of("anchor.test"), FromAddress.domain(" a@anchor.test (Al <b@c>)"));
    assertEquals(Optional.of("anchor.test"), FromAddress.domain("a@anchor.test"));
    assertEquals(Optional.empty(), FromAddress.domain(" undisclosed"));
    assertEquals(Optional.of("a@anchor.test"), FromAddress.address(" Al <A@anchor.test>"));
  }

  @Test
  void generatedZoneLineMatchesTheRecordForTheConfigAndKeyComparisonIgnoresSpacing()
      throws Exception {
    Path file = dir.resolve("cli.pem");
    String line = DkimKeyGenerator.generate("anchor.test", "e1", DkimAlgorithm.ED25519_SHA256,
        Optional.of(file)).record().zoneLine();
    assertTrue(line.startsWith("e1._domainkey.anchor.test. TXT \"v=DKIM1; k=ed25519; p="), line);
    DkimDnsRecords.Loaded loaded = DkimDnsRecords.load(ConfigLoader.parse("t.yaml", """
        modules: [smtp-relay]
        mail: { dkim: { keys: { e1: { domain: anchor.test, key_file: cli.pem,
          algorithm: ed25519 } } } }
        """, dir).mail().orElseThrow());
    assertEquals(List.of(), loaded.unusable());
    TxtRecord expected = loaded.records().get(0);
    assertTrue(line.endsWith("\"" + expected.strings().get(0) + "\""));
    assertTrue(DkimDnsRecords.sameKey(expected, expected.text().replace("; ", ";  ")));
    assertTrue(!DkimDnsRecords.sameKey(expected, "v=DKIM1; k=ed25519; p=AAAA"));
  }

  @Test
  void oneBrokenKeyFileWithholdsOnlyItsOwnRecord() throws Exception {
    DkimKeyGenerator.generate("anchor.test", "good", DkimAlgorithm.RSA_SHA256,
        Optional.of(dir.resolve("good.pem")));
    Path broken = dir.resolve("broken.pem");
    Files.writeString(broken, "not a key\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rw-------"));
    DkimDnsRecords.Loaded loaded = DkimDnsRecords.load(ConfigLoader.parse("t.yaml", """
        modules: [smtp-relay]
        mail: { dkim: { keys: {
          broken: { domain: anchor.test, key_file: broken.pem },
          good: { domain: anchor.test, key_file: good.pem } } } }
        """, dir).mail().orElseThrow());
    assertEquals(List.of("good._domainkey.anchor.test"),
        loaded.records().stream().map(TxtRecord::name).toList());
    assertEquals(1, loaded.unusable().size());
    assertEquals("broken", loaded.unusable().get(0).name());
    assertTrue(loaded.unusable().get(0).reason().contains("holds no PKCS#8"),
        loaded.unusable().get(0).reason());
  }
}
