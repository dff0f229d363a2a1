package org.webplatform.appliance.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion, with a deadline, and keeps its exit code and output. */
final class Commands {
  private Commands() {}

  /** What a finished program left: its exit code and its stdout and stderr, merged. */
  record Result(List<String> command, int exitCode, String output) {
    /** This result, after failing the test unless the exit code is 0. */
    Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
    return run(timeout, Map.of(), command);
  }

  /** Runs {@code command} with {@code environment} over this JVM's (null values unset). */
  static Result run(Duration timeout, Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("appliance-command-", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      // A null value removes the variable from the inherited environment.
      environment.forEach(
          (name, value) -> {
            if (value == null) {
              builder.environment().remove(name);
            } else {
              builder.environment().put(name, value);
            }
          });
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " did not finish within " + timeout + ":\n"
                + Files.readString(output));
      }
      return new Result(List.of(command), process.exitValue(), Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
