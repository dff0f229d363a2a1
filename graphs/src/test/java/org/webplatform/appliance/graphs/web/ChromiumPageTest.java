package org.webplatform.appliance.graphs.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.GraphsConfig;
import org.webplatform.appliance.graphs.GraphsRole;
import org.webplatform.appliance.graphs.TrafficFixture;
import org.webplatform.appliance.graphs.render.GraphCatalog;
import org.webplatform.appliance.graphs.render.Period;
import org.webplatform.appliance.role.RoleContext;
import org.webplatform.appliance.testing.HeadlessChromium;

/**
 * A real headless Chromium (Debian {@code chromium}) loads {@code /graphs/} and every image must
 * have loaded: a probe page frames the graphs page and, on load, writes each image's
 * naturalWidth into its own DOM, which {@code --dump-dom} prints. A screenshot at phone width is
 * kept as target/graphs-page.png.
 */
class ChromiumPageTest {
  @TempDir Path dir;

  @Test
  void everyImageOfThePageLoadsInChromium() throws Exception {
    HeadlessChromium chromium = new HeadlessChromium(dir);
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
      String dom = chromium.run("--dump-dom", base + "/probe.html");
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
      chromium.run("--screenshot=" + shot, "--window-size=412,2400", base + "/graphs/");
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
}
