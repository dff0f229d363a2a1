package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;

/**
 * {@code appliance dkim keygen}: makes a key pair (RSA 2048 or Ed25519), writes the private key
 * as PKCS#8 PEM with mode 0600 (never world-readable, not even for an instant), and returns the
 * DNS record to publish.
 */
public final class DkimKeyGenerator {
  public static final int RSA_BITS = 2048;

  private DkimKeyGenerator() {}

  /** What keygen produced: the key file (when written) and its DNS record. */
  public record Generated(Optional<Path> keyFile, DkimKey key, TxtRecord record) {}

  /**
   * Generates a key for {@code selector._domainkey.domain}. With {@code out} present the PEM is
   * written there (refusing to overwrite); the returned record's {@link TxtRecord#zoneLine()} is
   * what the CLI prints.
   */
  public static Generated generate(
      String domain, String selector, DkimAlgorithm algorithm, Optional<Path> out)
      throws IOException {
    KeyPair pair;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm.jcaKeyAlgorithm());
      if (algorithm == DkimAlgorithm.RSA_SHA256) {
        g.initialize(RSA_BITS); // RFC 8301 §3.2: at least 1024, 2048 recommended
      }
      pair = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + algorithm.jcaKeyAlgorithm(), e);
    }
    DkimKey key = new DkimKey(domain, selector, algorithm, pair.getPrivate(), pair.getPublic());
    if (out.isPresent()) {
      write(out.get(), DkimKeys.pem(pair.getPrivate()));
    }
    return new Generated(out, key, TxtRecord.of(key));
  }

  /** Creates the file with mode 0600 from the start (no window with a wider umask mode). */
  static void write(Path file, String pem) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(file,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("refusing to overwrite existing key file " + file, e);
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.write(file, pem.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
  }

  /** Convenience for callers that only want the strings. */
  public static List<String> txtStrings(DkimKey key) {
    return TxtRecord.of(key).strings();
  }
}
