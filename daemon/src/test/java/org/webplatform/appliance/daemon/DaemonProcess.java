package org.webplatform.appliance.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real daemon in a child JVM (same classpath as the tests), so that signals, exit codes and
 * log output are tested as systemd sees them. Its log lines are collected as they come.
 */
final class DaemonProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private DaemonProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException ignored) {
                // The process ended; what was read stays available.
              }
            },
            "daemon-output");
    reader.setDaemon(true);
    reader.start();
  }

  static DaemonProcess start(String... args) throws IOException {
    return start(Map.of(), args);
  }

  /** Starts the daemon with {@code environment} added to this JVM's (NOTIFY_SOCKET...). */
  static DaemonProcess start(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    return new DaemonProcess(builder.start());
  }

  /** Waits for a log line matching {@code regex}; returns its match. */
  Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    Instant deadline = Instant.now().plus(timeout);
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          Matcher m = pattern.matcher(lines.get(seen));
          if (m.find()) {
            return m;
          }
        }
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          throw new AssertionError("no log line matching " + regex + " within " + timeout
              + "; output so far:\n" + String.join("\n", lines));
        }
        lines.wait(left);
      }
    }
  }

  long pid() {
    return process.pid();
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + name + " failed");
    }
  }

  /** Waits for exit; returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("daemon did not exit within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
