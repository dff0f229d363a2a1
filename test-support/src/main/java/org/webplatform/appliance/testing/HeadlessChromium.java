package org.webplatform.appliance.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} run headless the way this machine allows: no sandbox (root), no GPU,
 * and none of the background networking a closed network refuses. Each run gets its own empty
 * profile under the test's directory.
 */
public final class HeadlessChromium {
  private final String binary;
  private final Path workDir;

  /** Skips (or, in CI, fails) the test when chromium is not installed. */
  public HeadlessChromium(Path workDir) {
    this.binary = Peers.require("chromium", "chromium");
    this.workDir = workDir;
  }

  /**
   * Runs chromium with {@code args} after the headless flags (e.g. {@code --dump-dom URL},
   * {@code --screenshot=FILE URL}); returns what it printed on stdout. Fails the test on a
   * non-zero exit or after 90 s.
   */
  public String run(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                // Lets the page finish loading (all images) before the DOM is dumped.
                "--virtual-time-budget=20000",
                "--user-data-dir=" + Files.createTempDirectory(workDir, "chromium")));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(workDir, "chromium", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chromium did not finish in 90 s: " + command);
    }
    assertEquals(0, process.exitValue(), "chromium exit status: " + command);
    return Files.readString(output);
  }
}
