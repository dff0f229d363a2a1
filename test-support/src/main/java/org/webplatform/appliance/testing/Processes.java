package org.webplatform.appliance.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a peer program to completion with a deadline; returns its combined output. */
public final class Processes {
  private Processes() {}

  public record Result(int exit, String output) {}

  public static Result run(long timeoutSeconds, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    try {
      byte[][] out = new byte[1][];
      Thread reader = new Thread(() -> {
        try {
          out[0] = p.getInputStream().readAllBytes();
        } catch (IOException e) {
          out[0] = new byte[0];
        }
      });
      reader.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", cmd) + " did not finish in " + timeoutSeconds + "s");
      }
      reader.join(5000);
      return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
  }

  /** swaks against {@code port} on 127.0.0.1 with extra arguments. */
  public static Result swaks(int port, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Peers.require("swaks", "swaks"),
        "--server", "127.0.0.1:" + port, "--timeout", "20"));
    cmd.addAll(List.of(args));
    return run(60, cmd.toArray(new String[0]));
  }
}
