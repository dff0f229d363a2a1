package org.webplatform.appliance.smtp.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.testing.DkimVerifiers;
import org.webplatform.appliance.testing.Processes;

/**
 * Signs the corpus with rsa-sha256 and ed25519-sha256 (dual) under every canonicalization pair
 * and checks every signature with independent verifiers.
 */
class DkimVerifierTest {
  private static final List<Canonicalization[]> MODES = List.of(
      new Canonicalization[] {Canonicalization.RELAXED, Canonicalization.RELAXED},
      new Canonicalization[] {Canonicalization.RELAXED, Canonicalization.SIMPLE},
      new Canonicalization[] {Canonicalization.SIMPLE, Canonicalization.SIMPLE},
      new Canonicalization[] {Canonicalization.SIMPLE, Canonicalization.RELAXED});

  private static DkimKey rsa;
  private static DkimKey ed;

  @TempDir static Path dir;
  private static final List<Path> signed = new ArrayList<>();
  private static Path keys;

  @BeforeAll
  static void signCorpus() throws Exception {
    rsa = DkimKeyGenerator.generate("anchor.test", "rsa1", DkimAlgorithm.RSA_SHA256,
        Optional.empty()).key();
    ed = DkimKeyGenerator.generate("anchor.test", "ed1", DkimAlgorithm.ED25519_SHA256,
        Optional.empty()).key();
    keys = DkimVerifiers.keysFile(dir, DkimTestSupport.records(List.of(rsa, ed)));
    Instant now = Instant.now();
    for (Canonicalization[] c : MODES) {
      DkimSigner signer = new DkimSigner(c[0], c[1], Optional.of(Duration.ofDays(7)));
      for (Map.Entry<String, byte[]> m : DkimCorpus.messages().entrySet()) {
        byte[] sig = signer.sign(new ByteArrayInputStream(m.getValue()), List.of(rsa, ed), now);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(sig);
        out.writeBytes(wireForm(m.getValue()));
        Path file = dir.resolve(m.getKey() + "." + c[0].tag() + "-" + c[1].tag() + ".eml");
        Files.write(file, out.toByteArray());
        signed.add(file);
      }
    }
  }

  /**
   * What SmtpConnection sends: bare CR/LF as CRLF and a final CRLF added when missing; the raw
   * bytes are otherwise unchanged.
   */
  private static byte[] wireForm(byte[] raw) throws Exception {
    byte[] wire = new CrlfNormalizer(new ByteArrayInputStream(raw)).readAllBytes();
    if (wire.length > 0 && wire[wire.length - 1] != '\n') {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(wire);
      out.writeBytes(new byte[] {'\r', '\n'});
      return out.toByteArray();
    }
    return wire;
  }

  @Test
  void dkimpyAcceptsEverySignature() throws Exception {
    List<DkimVerifiers.Line> lines = DkimVerifiers.dkimpy(dir, keys, signed);
    assertEquals(signed.size() * 2, lines.size(), lines.toString());
    List<DkimVerifiers.Line> failed = lines.stream().filter(l -> !l.result().equals("pass")).toList();
    assertTrue(failed.isEmpty(), "dkimpy rejected: " + failed);
  }

  @Test
  void mailDkimAcceptsEveryRsaSignature() throws Exception {
    List<DkimVerifiers.Line> lines = DkimVerifiers.mailDkim(dir, keys, signed);
    assertEquals(signed.size() * 2, lines.size(), lines.toString());
    // Debian 12's Mail::DKIM has no Ed25519: those signatures come back "invalid (unsupported
    // algorithm)"; every rsa-sha256 one must pass.
    List<DkimVerifiers.Line> rsaLines =
        lines.stream().filter(l -> l.detail().startsWith("rsa-sha256")).toList();
    assertEquals(signed.size(), rsaLines.size(), lines.toString());
    List<DkimVerifiers.Line> failed =
        rsaLines.stream().filter(l -> !l.result().equals("pass")).toList();
    assertTrue(failed.isEmpty(), "Mail::DKIM rejected: " + failed);
  }

  @Test
  void opendkimAcceptsEachMessage() throws Exception {
    List<String> failed = new ArrayList<>();
    for (Path file : signed) {
      String name = file.getFileName().toString();
      if (name.contains(".simple-") && (name.startsWith("whitespace.")
          || name.startsWith("odd-case"))) {
        // opendkim -t replays headers through milter callbacks as name/value pairs and so
        // cannot see the exact whitespace that c=simple headers hash (notes §2.5); dkimpy and
        // Mail::DKIM check these byte-exact.
        continue;
      }
      Processes.Result r = DkimVerifiers.opendkim(dir, keys, file);
      if (r.exit() != 0 || !r.output().contains("succeeded")) {
        failed.add(file.getFileName() + ": " + r.output().strip());
      }
    }
    assertTrue(failed.isEmpty(), "opendkim -t rejected: " + failed);
  }
}
