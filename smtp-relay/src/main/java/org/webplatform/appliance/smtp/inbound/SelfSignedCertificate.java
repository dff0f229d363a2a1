package org.webplatform.appliance.smtp.inbound;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A self-signed ECDSA P-256 certificate made with the JDK alone, for STARTTLS when no cert is
 * configured (the embedded default). The JDK can sign but has no public X.509 builder, so this
 * class writes the DER of RFC 5280 §4.1 by hand: a v1 certificate (no extensions) with CN = our
 * host name, valid for ten years. SMTP clients with opportunistic TLS (Postfix {@code may}, exim
 * defaults) do not verify the certificate; it buys encryption, not authentication. This avoids
 * BouncyCastle (2 MB) for a few dozen lines.
 */
public final class SelfSignedCertificate {
  private static final byte[] OID_ECDSA_SHA256 = { // 1.2.840.10045.4.3.2
    0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 4, 3, 2
  };
  private static final byte[] OID_CN = {0x55, 4, 3};
  private static final DateTimeFormatter GENERALIZED =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Generates a key pair and a certificate for {@code hostName}, valid from {@code now}. */
  public static SelfSignedCertificate generate(String hostName, Instant now)
      throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    KeyPair pair = generator.generateKeyPair();
    byte[] algorithm = sequence(oid(OID_ECDSA_SHA256));
    byte[] name = sequence(set(sequence(oid(OID_CN), utf8String(hostName))));
    byte[] validity =
        sequence(
            time(now.minusSeconds(3600)), time(now.plusSeconds(3650L * 24 * 3600)));
    byte[] serial = new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray();
    byte[] tbs =
        sequence(
            tlv(0x02, serial),
            algorithm,
            name,
            validity,
            name,
            pair.getPublic().getEncoded()); // SubjectPublicKeyInfo is already DER
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] bitString = new byte[signature.length + 1]; // leading 0: no unused bits
    System.arraycopy(signature, 0, bitString, 1, signature.length);
    byte[] der = sequence(tbs, algorithm, tlv(0x03, bitString));
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    cert.verify(pair.getPublic());
    return new SelfSignedCertificate(pair, cert);
  }

  private static byte[] time(Instant t) {
    // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after.
    String g = GENERALIZED.format(t);
    int year = Integer.parseInt(g.substring(0, 4));
    return year < 2050
        ? tlv(0x17, g.substring(2).getBytes(StandardCharsets.US_ASCII))
        : tlv(0x18, g.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] oid(byte[] encoded) {
    return tlv(0x06, encoded);
  }

  private static byte[] utf8String(String s) {
    return tlv(0x0c, s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sequence(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** DER type-length-value with definite length (X.690 §8.1.3). */
  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else {
      out.write(0x82);
      out.write(len >>> 8);
      out.write(len & 0xff);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
