package org.webplatform.appliance.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a peer program (dig, kdig) to completion with a deadline; output and exit code. */
record PeerCommand(List<String> command, int exitCode, String output) {
  private static final long TIMEOUT_SECONDS = 30;

  static PeerCommand run(List<String> command) throws IOException, InterruptedException {
    // Output goes to a file: a large zone transfer would fill a pipe nobody reads yet.
    Path out = Files.createTempFile("peer", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not finish within " + TIMEOUT_SECONDS + " s: " + command);
      }
      return new PeerCommand(
          List.copyOf(command), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The resource record lines (dig and kdig print them without a leading ';'). */
  List<String> records() {
    return output.lines().filter(line -> !line.isBlank() && !line.startsWith(";")).toList();
  }
}
