package org.webplatform.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.testing.HeadlessChromium;
import org.webplatform.appliance.testing.Peers;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's browser check end to end: a running daemon relays a mail to Postfix's smtp-sink,
 * then headless Chromium loads its {@code /graphs/} page (screenshot kept as
 * target/graphs-page-daemon.png) and every image of the page must load (naturalWidth > 0).
 */
class GraphsPageTest {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void chromiumLoadsEveryGraphOfARunningDaemonThatRelayedMail() throws Exception {
    HeadlessChromium chromium = new HeadlessChromium(dir);
    String smtpSink = Peers.require("smtp-sink", "postfix");
    int sinkPort = freePort();
    Process sink =
        // As root smtp-sink insists on a user to run as (-u).
        new ProcessBuilder(smtpSink, "-u", "nobody", "127.0.0.1:" + sinkPort, "10")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitListening(sinkPort, Duration.ofSeconds(10));
    Path config = dir.resolve("appliance.yaml");
    Files.writeString(
        config,
        "roles: [mail]\n"
            + "admin: { listen: \"127.0.0.1:0\" }\n"
            + "mail:\n"
            + "  listen: [\"127.0.0.1:0\"]\n"
            + "  hostname: relay.example.test\n"
            + "  spool: spool\n"
            + "  relayhost: \"127.0.0.1:" + sinkPort + "\"\n"
            + "graphs: { rrd_dir: rrd, step: 10s }\n");
    try (DaemonProcess daemon = DaemonProcess.start("run", "--config", config.toString())) {
      int admin =
          Integer.parseInt(daemon.awaitLine("ready .*admin=\\S*:(\\d+)", Duration.ofSeconds(30))
              .group(1));
      int smtp =
          Integer.parseInt(
              daemon
                  .awaitLine("listening proto=smtp addr=127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(5))
                  .group(1));
      String id = SmtpSend.send(smtp);
      daemon.awaitLine("id=" + id + " .*status=sent", Duration.ofSeconds(30));

      String base = "http://127.0.0.1:" + admin + "/graphs/";
      // The page lists a graph once its rrd file has a sample: one step after the start.
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      do {
        page =
            http.send(
                HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        if (page.body().contains("mail-day.png") || System.nanoTime() > deadline) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(250);
      } while (true);
      List<String> images = new ArrayList<>();
      Matcher src = Pattern.compile("<img[^>]*src=\"([^\"]+)\"").matcher(page.body());
      while (src.find()) {
        images.add(URI.create(base).resolve(src.group(1)).toString());
      }
      // mail, errors and queue graphs (no DNS/rsync module here; dkim once something is signed).
      assertTrue(images.size() >= 12, page.body());

      // A probe page (another origin: the daemon serves no test pages) loads each image the
      // graphs page names, from the daemon, and writes its naturalWidth into the DOM.
      HttpServer probe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] html = probePage(images).getBytes(StandardCharsets.UTF_8);
      probe.createContext(
          "/",
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            try (exchange) {
              exchange.getResponseBody().write(html);
            }
          });
      probe.start();
      try {
        String dom =
            chromium.run("--dump-dom", "http://127.0.0.1:" + probe.getAddress().getPort() + "/");
        Matcher loaded = Pattern.compile("<li>(\\S+) (\\d+)</li>").matcher(dom);
        int count = 0;
        while (loaded.find()) {
          assertTrue(Integer.parseInt(loaded.group(2)) > 0, loaded.group(1) + " did not load");
          count++;
        }
        assertEquals(images.size(), count, dom);
      } finally {
        probe.stop(0);
      }

      Path shot = Path.of("target/graphs-page-daemon.png").toAbsolutePath();
      Files.createDirectories(shot.getParent());
      Files.deleteIfExists(shot);
      chromium.run("--screenshot=" + shot, "--window-size=1000,2000", base);
      BufferedImage image = ImageIO.read(shot.toFile());
      assertEquals(1000, image.getWidth());

      daemon.signal("TERM");
      assertEquals(0, daemon.awaitExit(Duration.ofSeconds(20)), daemon.output());
    } finally {
      sink.destroyForcibly();
    }
  }

  private static void awaitListening(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          fail("smtp-sink not listening on port " + port + " within " + timeout);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  private static String probePage(List<String> images) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body><ul id=\"result\"></ul>");
    for (String url : images) {
      html.append("<img src=\"").append(url).append("\">");
    }
    html.append(
        """
        <script>
        window.addEventListener('load', () => {
          const out = document.getElementById('result');
          for (const img of document.images) {
            const li = document.createElement('li');
            li.textContent = img.getAttribute('src') + ' ' + img.naturalWidth;
            out.appendChild(li);
          }
        });
        </script></body></html>
        """);
    return html.toString();
  }
}
