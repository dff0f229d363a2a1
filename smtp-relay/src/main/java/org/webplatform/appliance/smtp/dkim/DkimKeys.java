package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/** PKCS#8 PEM key files: reading (with a permission check), writing, and key record text. */
public final class DkimKeys {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private DkimKeys() {}

  /**
   * Loads a key file for {@code domain}/{@code selector}. Refuses a file others may read (a
   * leaked signing key lets anyone sign as the domain) and a key of another algorithm.
   */
  public static DkimKey load(Path file, String domain, String selector, DkimAlgorithm expected)
      throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view != null) {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      if (perms.contains(PosixFilePermission.OTHERS_READ)) {
        throw new IOException("key file " + file + " is readable by others (chmod 600 it)");
      }
    }
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IOException("key file " + file + " holds no PKCS#8 '" + BEGIN + "' block");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IOException("key file " + file + ": bad base64", e);
    }
    try {
      PrivateKey key =
          KeyFactory.getInstance(expected.jcaKeyAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(der));
      return new DkimKey(domain, selector, expected, key, publicKey(key));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(
          "key file " + file + " is not a PKCS#8 " + expected.keyType() + " key: " + e, e);
    }
  }

  /** The PEM text of a private key (PKCS#8, RFC 7468 §10). */
  public static String pem(PrivateKey key) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded());
    return BEGIN + "\n" + body + "\n" + END + "\n";
  }

  /** The public half of an RSA (CRT) or Ed25519 private key. */
  static PublicKey publicKey(PrivateKey key) throws GeneralSecurityException {
    if (key instanceof RSAPrivateCrtKey rsa) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    }
    if (key instanceof EdECPrivateKey ed) {
      // RFC 8032 §5.1.5: the public key is a function of the 32-byte seed alone, so running the
      // JDK generator on a "random" source that returns the seed rebuilds the same key pair.
      byte[] seed = ed.getBytes().orElseThrow(() -> new GeneralSecurityException("no seed"));
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
      return g.generateKeyPair().getPublic();
    }
    throw new GeneralSecurityException("unsupported key " + key.getAlgorithm());
  }

  /** {@code v=DKIM1; k=rsa|ed25519; p=...} (RFC 6376 §3.6.1; RFC 8463 §4: raw 32 bytes). */
  static String recordText(DkimAlgorithm algorithm, PublicKey key) {
    byte[] p = key.getEncoded(); // SubjectPublicKeyInfo (RFC 5280)
    if (algorithm == DkimAlgorithm.ED25519_SHA256) {
      p = Arrays.copyOfRange(p, p.length - 32, p.length); // RFC 8410 SPKI ends in the raw key
    }
    return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(p);
  }

  /** Splits TXT text into character-strings of at most 255 bytes (RFC 1035 §3.3.14). */
  public static java.util.List<String> split255(String text) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    for (int i = 0; i < text.length(); i += 255) {
      parts.add(text.substring(i, Math.min(text.length(), i + 255)));
    }
    return parts;
  }

  /** A "random" source that hands out a fixed seed (only for {@link #publicKey}). */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("unexpected request for " + bytes.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }
}
