package org.webplatform.appliance.graphs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.webplatform.appliance.graphs.render.GraphCatalog;
import org.webplatform.appliance.graphs.render.GraphRenderer;
import org.webplatform.appliance.graphs.render.GraphSpec;
import org.webplatform.appliance.graphs.render.Period;
import org.webplatform.appliance.graphs.render.RenderCache;
import org.webplatform.appliance.graphs.store.RrdStore;

/**
 * bench/graphs.sh runs this in a fresh JVM: the rrd update cost per sample (a week of one-minute
 * samples into the three files) and the time to render the full page's graphs (7 graphs × 4
 * periods) cold (first render in the JVM: AWT and font loading), warm (rendered again) and
 * cached (what a page reload within a minute costs).
 */
public final class GraphsBench {
  private GraphsBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("graphs-bench");
    long end = 43_200L * 39_353;
    TrafficFixture traffic = new TrafficFixture();
    try (RrdStore store = new RrdStore(dir, Duration.ofSeconds(60))) {
      long nanos = traffic.feed(store, end, TrafficFixture.WEEK_MINUTES);
      System.out.printf(
          "update: %.1f us per sample (3 files, 14 data sources; %d samples)%n",
          nanos / 1e3 / TrafficFixture.WEEK_MINUTES, TrafficFixture.WEEK_MINUTES);
      System.out.printf(
          "files: mail.rrd %d B, dns.rrd %d B, rsync.rrd %d B%n",
          Files.size(dir.resolve("mail.rrd")),
          Files.size(dir.resolve("dns.rrd")),
          Files.size(dir.resolve("rsync.rrd")));
      Clock clock = Clock.fixed(Instant.ofEpochSecond(end), ZoneOffset.UTC);
      GraphRenderer renderer = new GraphRenderer(dir, store.pool());
      System.out.printf("page cold:   %.0f ms%n", page(new RenderCache(renderer, clock,
          Duration.ofMinutes(1))));
      for (int i = 0; i < 3; i++) {
        System.out.printf("page warm:   %.0f ms%n", page(new RenderCache(renderer, clock,
            Duration.ofMinutes(1))));
      }
      RenderCache cache = new RenderCache(renderer, clock, Duration.ofMinutes(1));
      page(cache);
      System.out.printf("page cached: %.2f ms%n", page(cache));
    }
  }

  /** Milliseconds to get every PNG of the page. */
  private static double page(RenderCache cache) throws Exception {
    long t0 = System.nanoTime();
    for (Period period : Period.values()) {
      for (GraphSpec spec : GraphCatalog.ALL) {
        cache.png(spec, period);
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }
}
