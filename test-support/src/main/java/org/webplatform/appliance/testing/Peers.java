package org.webplatform.appliance.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real peer programs the tests drive. Missing locally: the test is skipped with the reason; in
 * CI (environment {@code CI=true}, or {@code -Dappliance.requirePeers=true}) a missing peer fails
 * the test instead, so a green CI never hides a skipped protocol test.
 */
public final class Peers {
  private Peers() {}

  /** The path of {@code program}; skips (or, in CI, fails) the test when it is missing. */
  public static String require(String program, String debianPackage) {
    // Postfix's smtp-sink lives in /usr/sbin, which a non-login PATH may lack.
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    unavailable(program + " not installed (Debian package " + debianPackage + ")");
    return null;
  }

  /**
   * Skips (or, in CI, fails) a test that must run as root, such as one that installs the Debian
   * package; {@code what} says what needs it.
   */
  public static void requireRoot(String what) {
    int uid;
    try {
      // /proc/self belongs to this process's user.
      uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      uid = -1;
    }
    if (uid != 0) {
      unavailable(what + " needs root (running as uid " + uid + ")");
    }
  }

  private static void unavailable(String reason) {
    if (Boolean.getBoolean("appliance.requirePeers") || "true".equals(System.getenv("CI"))) {
      throw new AssertionError(reason);
    }
    Assumptions.abort(reason);
  }
}
