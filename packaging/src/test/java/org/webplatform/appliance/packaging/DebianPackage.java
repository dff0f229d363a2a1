package org.webplatform.appliance.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.webplatform.appliance.testing.Peers;

/**
 * The .deb this build made, installed on this machine with dpkg as an admin would. Installing is
 * idempotent (an installed appliance package is upgraded or reinstalled), and {@link #purge}
 * leaves the machine as before, so a test run after an aborted one still starts clean.
 */
final class DebianPackage {
  static final String NAME = "appliance";
  private static final Duration DPKG = Duration.ofMinutes(3);

  private DebianPackage() {}

  /** The newest appliance_*_amd64.deb in the build directory. */
  static Path file() {
    Path dir = Path.of(System.getProperty("appliance.debDir", "target"));
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("appliance_.+_amd64\\.deb"))
          .max(Comparator.comparing(DebianPackage::modified))
          .orElseThrow(() -> new AssertionError("no appliance_*_amd64.deb in " + dir
              + ": run the package phase first (mvn verify)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips (or, in CI, fails) the test unless this machine can install packages. */
  static void requireInstallable() {
    Peers.requireRoot("installing the Debian package");
    Peers.require("dpkg", "dpkg");
  }

  /**
   * dpkg -i. Config files an earlier run left changed are kept without asking (dpkg would prompt
   * on a terminal), as an admin's would be.
   */
  static void install() throws Exception {
    Commands.run(DPKG, "dpkg", "--force-confdef", "--force-confold", "-i", file().toString())
        .assertSuccess();
  }

  /** dpkg -r: the program goes, data and config stay. */
  static void remove() throws Exception {
    Commands.run(DPKG, "dpkg", "-r", NAME).assertSuccess();
  }

  /** dpkg --purge: everything goes; does nothing when the package is not installed. */
  static void purge() throws Exception {
    Commands.run(DPKG, "dpkg", "--purge", NAME).assertSuccess();
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
