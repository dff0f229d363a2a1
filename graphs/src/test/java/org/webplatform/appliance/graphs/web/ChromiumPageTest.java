package org.webplatform.appliance.graphs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.GraphsConfig;
import org.webplatform.appliance.graphs.GraphsRole;
import org.webplatform.appliance.graphs.TrafficFixture;
import org.webplatform.appliance.graphs.render.GraphCatalog;
import org.webplatform.appliance.graphs.render.Period;
import org.webplatform.appliance.role.RoleContext;

/**
 * A real headless Chromium (Debian {@code chromium}) loads {@code /graphs/} and every image must
 * have loaded: a probe page frames the graphs page and, on load, writes each image's
 * naturalWidth into its own DOM, which {@code --dump-dom} prints. A screenshot at phone width is
 * kept as target/graphs-page.png.
 */
class ChromiumPageTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  @Test
  void everyImageOfThePageLoadsInChromium() throws Exception {
    requireChromium();
    TrafficFixture traffic = new TrafficFixture();
    GraphsHttpTest.TestClock clock = new GraphsHttpTest.TestClock(1_700_000_040_000L);
    GraphsRole role =
        new GraphsRole(
            GraphsConfig.of(dir.resolve("rrd")), new RoleContext(traffic.registry, clock));
    role.start();
    HttpServer server = GraphsHttpTest.serve(role, "mail1.example.org", "staging");
    server.createContext(
        "/probe.html",
        exchange -> {
          byte[] body = PROBE.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (exchange) {
            exchange.getResponseBody().write(body);
          }
        });
    try {
      for (int minute = 0; minute < 120; minute++) {
        traffic.count(minute);
        clock.millis += 60_000;
        role.sampleNow();
      }
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      String dom = chromium("--dump-dom", base + "/probe.html");
      Matcher m = Pattern.compile("<li>([^ <]+) (\\d+)</li>").matcher(dom);
      List<String> loaded = new ArrayList<>();
      while (m.find()) {
        assertTrue(Integer.parseInt(m.group(2)) > 0, m.group(1) + " did not load: " + dom);
        loaded.add(m.group(1));
      }
      assertEquals(GraphCatalog.ALL.size() * Period.values().length, loaded.size(), dom);

      Path shot = Path.of("target/graphs-page.png").toAbsolutePath();
      Files.createDirectories(shot.getParent());
      Files.deleteIfExists(shot);
      chromium("--screenshot=" + shot, "--window-size=412,2400", base + "/graphs/");
      BufferedImage image = ImageIO.read(shot.toFile());
      assertEquals(412, image.getWidth());
      System.out.printf("graphs: chromium loaded %d images; screenshot %s%n", loaded.size(), shot);
    } finally {
      server.stop(0);
      role.stop(Duration.ofSeconds(5));
    }
  }

  /** Frames the page (same origin) and lists each image with its naturalWidth once all loaded. */
  private static final String PROBE =
      """
      <!DOCTYPE html><html><body>
      <iframe id="page" src="graphs/" width="800" height="600"></iframe>
      <ul id="result"></ul>
      <script>
      window.addEventListener('load', () => {
        const out = document.getElementById('result');
        for (const img of document.getElementById('page').contentDocument.images) {
          const li = document.createElement('li');
          li.textContent = img.getAttribute('src') + ' ' + img.naturalWidth;
          out.appendChild(li);
        }
      });
      </script>
      </body></html>
      """;

  private String chromium(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
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
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(dir, "chromium", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chromium did not finish in 60 s: " + command);
    }
    assertEquals(0, process.exitValue(), "chromium exit status: " + command);
    return Files.readString(output);
  }

  private static void requireChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    String why = CHROMIUM + " is missing (apt-get install chromium)";
    if (Boolean.getBoolean("appliance.requirePeers") || "true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
  }
}
