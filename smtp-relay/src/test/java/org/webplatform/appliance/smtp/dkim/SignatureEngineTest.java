package org.webplatform.appliance.smtp.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import org.junit.jupiter.api.Test;

class SignatureEngineTest {
  private static final byte[] DATA =
      "from:Ops <ops@example.org>\r\nsubject:hello\r\ndkim-signature:v=1; a=rsa-sha256; b="
          .getBytes(StandardCharsets.US_ASCII);

  private static DkimKey rsaKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    return new DkimKey("example.org", "s1", DkimAlgorithm.RSA_SHA256, pair.getPrivate(),
        pair.getPublic());
  }

  @Test
  void boringSslSignsOnLinuxX8664() {
    // The package is built for these machines; a jar that stopped loading its library here
    // would silently halve the relay's signing rate.
    assumeTrue(System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64"));
    String description = SignatureEngine.fastest().description();
    assertTrue(description.startsWith("boringssl"), description);
  }

  @Test
  void rsaSignaturesAreTheSameBytesAsTheJdksAndVerify() throws Exception {
    DkimKey key = rsaKey();
    SignatureEngine fastest = SignatureEngine.fastest();
    DkimKey prepared = fastest.prepare(key);
    assertTrue(prepared.privateKey() instanceof RSAPrivateCrtKey, "CRT form kept");
    byte[] jdk = SignatureEngine.jdk().sign(key, DATA);
    // PKCS#1 v1.5 is deterministic (RFC 8017 §8.2.1): any difference is a wrong signature.
    assertArrayEquals(jdk, fastest.sign(prepared, DATA));
    assertArrayEquals(jdk, fastest.sign(key, DATA), "an untranslated key signs too");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key.publicKey());
    verifier.update(DATA);
    assertTrue(verifier.verify(jdk));
  }

  @Test
  void ed25519StaysWithTheJdkAndVerifies() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    DkimKey key = new DkimKey("example.org", "e1", DkimAlgorithm.ED25519_SHA256,
        pair.getPrivate(), pair.getPublic());
    SignatureEngine fastest = SignatureEngine.fastest();
    assertSame(key, fastest.prepare(key));
    byte[] sig = fastest.sign(key, DATA);
    // RFC 8463 §3: the signed data is the SHA-256 of the header hash input.
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key.publicKey());
    verifier.update(SignatureEngine.sha256().digest(DATA));
    assertTrue(verifier.verify(sig));
  }

  @Test
  void theJdkEngineKeepsTheJdkKey() throws Exception {
    DkimKey key = rsaKey();
    assertSame(key, SignatureEngine.jdk().prepare(key));
    assertTrue(SignatureEngine.jdk().description().equals("jdk"));
  }
}
