package org.webplatform.appliance.smtp.inbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * SMTP AUTH users: one {@code user:{PBKDF2-SHA256}iterations$salt$hash} line per user (salt and
 * hash in unpadded standard base64, hash 32 bytes), {@code #} comments and blank lines ignored.
 * PBKDF2-HMAC-SHA256 is in the JDK (no dependency) and is NIST SP 800-132's password hash; a line
 * can be made with {@link #hash(String, int)} ({@code java -cp ... UsersFile PASSWORD}). Any other
 * scheme is refused when the file is read, so a plain-text password never works by accident.
 */
public final class UsersFile {
  static final String SCHEME = "{PBKDF2-SHA256}";
  private static final int DEFAULT_ITERATIONS = 210_000; // OWASP 2023 for PBKDF2-HMAC-SHA256

  /** Checked for unknown users so that they cost as much time as known ones. */
  private static final String UNKNOWN_USER =
      SCHEME + DEFAULT_ITERATIONS + "$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(43);

  private final Map<String, String> hashes;

  private UsersFile(Map<String, String> hashes) {
    this.hashes = Map.copyOf(hashes);
  }

  public static UsersFile empty() {
    return new UsersFile(Map.of());
  }

  public static UsersFile read(Path file) throws IOException {
    Map<String, String> hashes = new HashMap<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      int colon = t.indexOf(':');
      if (colon <= 0 || !t.startsWith(SCHEME, colon + 1) || parse(t.substring(colon + 1)) == null) {
        throw new IOException(
            file + ":" + lineNo + ": expected user:" + SCHEME + "iterations$salt$hash");
      }
      hashes.put(t.substring(0, colon), t.substring(colon + 1));
    }
    return new UsersFile(hashes);
  }

  public boolean isEmpty() {
    return hashes.isEmpty();
  }

  /** Number of users. */
  public int size() {
    return hashes.size();
  }

  /** Constant-time comparison; unknown users cost the same as wrong passwords. */
  public boolean check(String user, String password) {
    String stored = hashes.getOrDefault(user, UNKNOWN_USER);
    Object[] parts = parse(stored);
    if (parts == null) {
      return false;
    }
    byte[] actual = derive(password, (byte[]) parts[1], (int) parts[0]);
    return MessageDigest.isEqual(actual, (byte[]) parts[2]) && hashes.containsKey(user);
  }

  /** A stored form for {@code password} with a random salt. */
  public static String hash(String password, int iterations) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + iterations + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  public static String hash(String password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  /**
   * Prints the stored form of a password for a users_file line. The password is never an
   * argument (arguments show in {@code ps} and shell history): on a terminal it is asked twice
   * without echo, otherwise the first line of stdin is read ({@code printf '%s\n' "$PW" | ...}).
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 0) {
      System.err.println("usage: UsersFile < password   (reads the password from the terminal or"
          + " stdin, never from the command line; prints the hash for a users_file line)");
      System.exit(2);
    }
    String password = readPassword(System.console(), System.in);
    if (password == null || password.isEmpty()) {
      System.err.println("UsersFile: no password given (empty, or the two entries differ)");
      System.exit(1);
    }
    System.out.println(hash(password));
  }

  /** From the terminal without echo (asked twice), or the first line of {@code stdin}. */
  static String readPassword(java.io.Console console, java.io.InputStream stdin)
      throws IOException {
    if (console != null) {
      char[] first = console.readPassword("Password: ");
      char[] again = console.readPassword("Again: ");
      if (first == null || again == null || !java.util.Arrays.equals(first, again)) {
        return null;
      }
      return new String(first);
    }
    java.io.BufferedReader in = new java.io.BufferedReader(
        new java.io.InputStreamReader(stdin, StandardCharsets.UTF_8));
    return in.readLine();
  }

  private static Object[] parse(String stored) {
    if (!stored.startsWith(SCHEME)) {
      return null;
    }
    String[] parts = stored.substring(SCHEME.length()).split("\\$");
    if (parts.length != 3 || !parts[0].matches("\\d{1,9}")) {
      return null;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[1]);
      byte[] hash = Base64.getDecoder().decode(parts[2]);
      return hash.length == 32 ? new Object[] {Integer.parseInt(parts[0]), salt, hash} : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from this JDK", e);
    }
  }
}
