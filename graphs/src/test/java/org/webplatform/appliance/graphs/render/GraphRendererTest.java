package org.webplatform.appliance.graphs.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.graphs.TrafficFixture;
import org.webplatform.appliance.graphs.store.RrdStore;

class GraphRendererTest {
  static final long END = 43_200L * 39_353;

  @TempDir static Path dir;
  static RrdStore store;

  @BeforeAll
  static void aWeekOfTraffic() throws IOException {
    store = new RrdStore(dir, Duration.ofSeconds(60));
    new TrafficFixture().feed(store, END, TrafficFixture.WEEK_MINUTES);
  }

  @Test
  void everyGraphAndPeriodRendersAPngWithPlotAndLegend() throws IOException {
    GraphRenderer renderer = new GraphRenderer(dir, store.pool());
    long cold = System.nanoTime();
    for (GraphSpec spec : GraphCatalog.ALL) {
      assertTrue(renderer.available(spec), spec.name());
      for (Period period : Period.values()) {
        byte[] png = renderer.render(spec, period, END);
        BufferedImage image = PngCheck.assertGraph(png, spec.height(), spec.name() + "-" + period);
        // Kept as build artifacts: target/rendered/*.png shows what the page serves.
        Files.createDirectories(Path.of("target/rendered"));
        Files.write(Path.of("target/rendered", spec.name() + "-" + period.key() + ".png"), png);
        if (spec == GraphCatalog.MAIL) {
          // A week of data fills the day and week graphs, a quarter of the month, 2 % of the year.
          int minimum = period == Period.YEAR ? 100 : 2000;
          assertTrue(PngCheck.count(image, 0x000099) > minimum, "sent area drawn for " + period);
        }
      }
    }
    double coldMs = (System.nanoTime() - cold) / 1e6;
    long warm = System.nanoTime();
    for (GraphSpec spec : GraphCatalog.ALL) {
      for (Period period : Period.values()) {
        renderer.render(spec, period, END);
      }
    }
    double warmMs = (System.nanoTime() - warm) / 1e6;
    int n = GraphCatalog.ALL.size() * Period.values().length;
    System.out.printf(
        "graphs bench: %d graphs rendered: first pass %.0f ms (incl. AWT/font init), second pass"
            + " %.0f ms (%.1f ms each)%n",
        n, coldMs, warmMs, warmMs / n);
    assertTrue(GraphicsEnvironment.isHeadless());
  }

  @Test
  void cacheRendersOncePerMinute() throws IOException {
    MutableClock clock = new MutableClock(END * 1000);
    RenderCache cache = new RenderCache(new GraphRenderer(dir, store.pool()), clock,
        Duration.ofMinutes(1));
    byte[] first = cache.png(GraphCatalog.MAIL, Period.DAY);
    clock.millis += 59_000;
    assertSame(first, cache.png(GraphCatalog.MAIL, Period.DAY));
    clock.millis += 1_000;
    byte[] later = cache.png(GraphCatalog.MAIL, Period.DAY);
    assertFalse(first == later, "re-rendered after a minute");
  }

  @Test
  void dkimGraphIsOnlyAvailableWhereTheRelaySigns(@TempDir Path other) throws IOException {
    GraphRenderer renderer = new GraphRenderer(other, null);
    assertFalse(renderer.available(GraphCatalog.MAIL));
    assertEquals(Path.of("mail.rrd"), Path.of(GraphCatalog.DKIM.file().file()));
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
