package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the stock rsync client (/usr/bin/rsync) with a deadline and captures its output. */
final class StockRsync {
  static final Path BINARY = Path.of("/usr/bin/rsync");

  record Result(int exit, String stdout, String stderr) {
    String all() {
      return stdout + stderr;
    }

    /** A "--stats" figure such as "Literal data" or "Total bytes received", as a number. */
    long stat(String label) {
      for (String line : stdout.split("\n")) {
        if (line.startsWith(label + ":")) {
          String digits = line.substring(label.length() + 1).trim().split(" ")[0];
          return Long.parseLong(digits.replace(",", "").replace(".", ""));
        }
      }
      throw new AssertionError("no '" + label + "' in output:\n" + stdout);
    }
  }

  private StockRsync() {}

  /** Skips the test when rsync is missing, unless peers are required (CI). */
  static void require() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    boolean required =
        "true".equals(System.getProperty("appliance.requirePeers"))
            || "true".equals(System.getenv("CI"));
    if (required) {
      fail("stock rsync client " + BINARY + " is required (appliance.requirePeers/CI)");
    }
    Assumptions.abort("stock rsync client " + BINARY + " not installed");
  }

  static Result run(List<String> args) throws IOException, InterruptedException {
    return run(args, Map.of(), 120);
  }

  static Result run(List<String> args, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("RSYNC_PASSWORD");
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Path outFile = Files.createTempFile("rsync-out", ".txt");
    Path errFile = Files.createTempFile("rsync-err", ".txt");
    pb.redirectOutput(outFile.toFile());
    pb.redirectError(errFile.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        fail("rsync " + args + " did not finish in " + timeoutSeconds + " s; stderr:\n"
            + Files.readString(errFile, StandardCharsets.ISO_8859_1));
      }
      return new Result(
          p.exitValue(),
          Files.readString(outFile, StandardCharsets.ISO_8859_1),
          Files.readString(errFile, StandardCharsets.ISO_8859_1));
    } finally {
      Files.deleteIfExists(outFile);
      Files.deleteIfExists(errFile);
    }
  }

  /** Runs a shell command (test fixtures: sparse files, odd names, diff). */
  static Result sh(String script) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
    Path outFile = Files.createTempFile("sh-out", ".txt");
    pb.redirectErrorStream(true);
    pb.redirectOutput(outFile.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("shell command timed out: " + script);
    }
    String out = Files.readString(outFile, StandardCharsets.ISO_8859_1);
    Files.deleteIfExists(outFile);
    return new Result(p.exitValue(), out, "");
  }
}
