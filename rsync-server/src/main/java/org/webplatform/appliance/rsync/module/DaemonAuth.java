package org.webplatform.appliance.rsync.module;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Daemon challenge/response (authenticate.c, compat.c negotiate_daemon_auth). The digest is the
 * first name of the client's greeting list that we support; a client that sent no list (before
 * 3.2.7) gets md5, as does any client when we advertise no list (we always advertise one).
 * Response = base64 without padding of H(password || challenge).
 */
public final class DaemonAuth {
  /** What we advertise in the greeting, strongest first (canonical order). */
  public static final List<String> DIGESTS = List.of("sha512", "sha256", "sha1", "md5");

  private static final SecureRandom RANDOM = new SecureRandom();

  private DaemonAuth() {}

  /** The negotiated digest name, or empty when the client's list shares none with ours. */
  public static Optional<String> negotiate(List<String> clientList) {
    if (clientList == null || clientList.isEmpty()) {
      return Optional.of("md5");
    }
    for (String name : clientList) {
      if (DIGESTS.contains(name)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** A fresh unpredictable challenge (base64 of random bytes, no padding). */
  public static String challenge() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().withoutPadding().encodeToString(b);
  }

  /** The response a client with {@code password} must send for {@code challenge}. */
  public static String expectedResponse(String digest, byte[] password, String challenge) {
    try {
      MessageDigest md = MessageDigest.getInstance(javaName(digest));
      md.update(password);
      md.update(challenge.getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().withoutPadding().encodeToString(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of the client's response with the expected one. */
  public static boolean verify(String digest, byte[] password, String challenge, String response) {
    byte[] expected =
        expectedResponse(digest, password, challenge).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, response.getBytes(StandardCharsets.US_ASCII));
  }

  private static String javaName(String digest) {
    switch (digest) {
      case "sha512":
        return "SHA-512";
      case "sha256":
        return "SHA-256";
      case "sha1":
        return "SHA-1";
      case "md5":
        return "MD5";
      default:
        throw new IllegalArgumentException(digest);
    }
  }
}
