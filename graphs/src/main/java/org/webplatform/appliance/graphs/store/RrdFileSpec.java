package org.webplatform.appliance.graphs.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.RrdDef;

/**
 * One rrd file of the graphs module: its name and data sources. Every file gets the same
 * archives ({@link #ARCHIVES}), so a graph of any period reads any file the same way.
 *
 * @param file the file name inside the rrd directory, e.g. {@code mail.rrd}
 * @param sources the data sources in file order
 */
public record RrdFileSpec(String file, List<Source> sources) {

  /**
   * One data source. Counters are stored as Mailgraph does: ABSOLUTE, fed with the count of the
   * step just ended (the sampler takes the differences), so a counter reset in a restarted
   * daemon never shows up as a spike. Gauges (queue size) are stored as they are.
   */
  public record Source(String name, DsType type) {
    public Source {
      if (!name.matches("[a-z][a-z0-9_]{0,19}")) {
        throw new IllegalArgumentException("rrd data source names have at most 20 characters");
      }
      Objects.requireNonNull(type, "type");
    }

    public static Source count(String name) {
      return new Source(name, DsType.ABSOLUTE);
    }

    public static Source gauge(String name) {
      return new Source(name, DsType.GAUGE);
    }
  }

  /**
   * An AVERAGE archive: one point per {@code resolution}, {@code rows} points. Mailgraph's four
   * periods, with about 10 % more rows than the period needs so the graph's left edge is filled.
   */
  public record ArchiveSpec(Duration resolution, int rows) {}

  /**
   * Day at one minute (1 584 rows), week at 15 min, month at 1 h, year at 12 h: about 30 KiB per
   * data source. Only AVERAGE: the day archive keeps every sample, and the max shown in legends
   * is the max of the plotted averages, as a reader of the graph would see it.
   */
  public static final List<ArchiveSpec> ARCHIVES =
      List.of(
          new ArchiveSpec(Duration.ofMinutes(1), 1584),
          new ArchiveSpec(Duration.ofMinutes(15), 740),
          new ArchiveSpec(Duration.ofHours(1), 820),
          new ArchiveSpec(Duration.ofHours(12), 800));

  /** Mailgraph's heartbeat is two steps: one missed sample is interpolated, two are unknown. */
  private static final int HEARTBEAT_STEPS = 2;

  public RrdFileSpec {
    Objects.requireNonNull(file, "file");
    sources = List.copyOf(sources);
  }

  /** The definition of a new file at {@code path} whose first update may come after start. */
  public RrdDef definition(Path path, long startSeconds, Duration step) {
    long stepSeconds = step.toSeconds();
    RrdDef def = new RrdDef(path.toString(), startSeconds, stepSeconds);
    for (Source source : sources) {
      def.addDatasource(source.name(), source.type(), HEARTBEAT_STEPS * stepSeconds, 0, Double.NaN);
    }
    for (ArchiveSpec archive : ARCHIVES) {
      int steps = (int) Math.max(1, archive.resolution().toSeconds() / stepSeconds);
      def.addArchive(ConsolFun.AVERAGE, 0.5, steps, archive.rows());
    }
    return def;
  }

  public boolean hasSource(String name) {
    return sources.stream().anyMatch(s -> s.name().equals(name));
  }
}
