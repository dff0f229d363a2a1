package org.webplatform.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code appliance queue ...} against a running daemon whose relay defers everything. */
class QueueCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int cli(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void listsHoldsReleasesAndDeletesQueuedMail() throws Exception {
    int admin = freePort();
    Path config = dir.resolve("appliance.yaml");
    Files.writeString(
        config,
        "modules: [smtp-relay]\n"
            + "admin: { listen: \"127.0.0.1:" + admin + "\" }\n"
            + "mail:\n"
            + "  listen: [\"127.0.0.1:0\"]\n"
            + "  hostname: relay.example.test\n"
            + "  spool: spool\n"
            // Nothing listens there: every delivery is deferred and the mail stays queued.
            + "  relayhost: \"127.0.0.1:1\"\n");
    try (DaemonProcess daemon = DaemonProcess.start("run", "--config", config.toString())) {
      daemon.awaitLine("ready ", Duration.ofSeconds(30));
      int smtp =
          Integer.parseInt(
              daemon
                  .awaitLine("listening proto=smtp addr=127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(5))
                  .group(1));
      String id = SmtpSend.send(smtp);

      assertEquals(0, cli("queue", "list", "--config", config.toString()), err.toString());
      assertTrue(out.toString().contains("\"queue_id\":\"" + id + "\""), out.toString());

      assertEquals(0, cli("queue", "hold", id, "--config", config.toString()), err.toString());
      assertEquals("{\"held\":1}\n", out.toString());
      cli("queue", "list", "--config", config.toString());
      assertTrue(out.toString().contains("\"queue_name\":\"hold\""), out.toString());

      assertEquals(0, cli("queue", "release", id, "--config", config.toString()));
      assertEquals(0, cli("queue", "show", id, "--config", config.toString()));
      assertTrue(out.toString().contains("hello"), out.toString());

      assertEquals(0, cli("queue", "delete", id, "--config", config.toString()));
      assertEquals("{\"deleted\":1}\n", out.toString());
      assertEquals(1, cli("queue", "show", id, "--config", config.toString()));
      assertTrue(err.toString().contains("no message " + id), err.toString());

      daemon.signal("TERM");
      assertEquals(0, daemon.awaitExit(Duration.ofSeconds(20)), daemon.output());
    }
  }
}
