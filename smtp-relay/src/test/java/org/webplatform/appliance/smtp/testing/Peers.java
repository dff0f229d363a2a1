package org.webplatform.appliance.smtp.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real peer programs (swaks, smtp-source, smtp-sink). A missing one skips the test with a reason,
 * unless {@code -Dappliance.requirePeers=true} or CI=true, where it fails.
 */
public final class Peers {
  private Peers() {}

  public static String require(String program) {
    for (String dir : new String[] {"/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin", "/sbin"}) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    String why = program + " not installed (apt-get install postfix swaks)";
    if (Boolean.getBoolean("appliance.requirePeers") || "true".equals(System.getenv("CI"))) {
      fail(why);
    }
    assumeTrue(false, why);
    return null;
  }
}
