package org.webplatform.appliance.graphs.render;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.TimeZone;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDbPool;
import org.rrd4j.graph.ElementsNames;
import org.rrd4j.graph.RrdGraph;
import org.rrd4j.graph.RrdGraphDef;

/**
 * Draws one graph of one period to PNG bytes, in memory, from the rrd files of one directory.
 * Thread-safe: every call builds its own {@link RrdGraphDef}; the files are read through the
 * store's pool when one is given, so the sampler's open {@link RrdDb} is shared, not reopened.
 */
public final class GraphRenderer {
  static {
    // AWT decides once, when it loads, whether a display exists. A daemon never has one, and a
    // stray DISPLAY must not make rendering try to connect to an X server.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Mailgraph's plot width; the image is wider by the axis and margins. */
  public static final int WIDTH = 540;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path dir;
  private final RrdDbPool pool;

  /**
   * @param dir the rrd directory
   * @param pool the store's pool, or null to open files read-only per render (command line)
   */
  public GraphRenderer(Path dir, RrdDbPool pool) {
    this.dir = dir;
    this.pool = pool;
  }

  /**
   * True when the graph has something to show here: its file exists and, for DKIM, the relay
   * reported signatures (an appliance that does not sign should not show an empty graph).
   */
  public boolean available(GraphSpec spec) {
    Path path = dir.resolve(spec.file().file());
    if (!Files.isRegularFile(path)) {
      return false;
    }
    if (spec != GraphCatalog.DKIM) {
      return true;
    }
    try {
      RrdDb db = open(path);
      // Closing a pooled RrdDb hands it back to the pool; the store keeps it open.
      try (db) {
        return !Double.isNaN(db.getLastDatasourceValue("dkim"));
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The PNG of {@code spec} over {@code period}, ending at {@code endSeconds}. */
  public byte[] render(GraphSpec spec, Period period, long endSeconds) throws IOException {
    String path = dir.resolve(spec.file().file()).toString();
    long start = endSeconds - period.span().toSeconds();
    RrdGraphDef g = new RrdGraphDef(start, endSeconds);
    if (pool != null) {
      g.setPool(pool);
      g.setPoolUsed(true);
    }
    g.setImageFormat("png");
    g.setWidth(WIDTH);
    g.setHeight(spec.height());
    g.setTitle(spec.title() + " - " + period.heading().toLowerCase(Locale.ROOT));
    g.setVerticalLabel(spec.verticalLabel());
    g.setMinValue(0);
    if (!spec.siUnits()) {
      g.setUnitsExponent(0);
    }
    g.setShowSignature(false);
    g.setLocale(Locale.ROOT);
    // Time axis and stamp in UTC: the same picture whichever zone the VM or the admin is in.
    g.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
    g.setAntiAliasing(true);
    for (ElementsNames element :
        new ElementsNames[] {ElementsNames.back, ElementsNames.shadea, ElementsNames.shadeb}) {
      g.setColor(element, Color.WHITE);
    }
    spec.draw().accept(g, path);
    g.comment("graph drawn " + STAMP.format(Instant.ofEpochSecond(endSeconds)) + "\\r");
    return new RrdGraph(g).getRrdGraphInfo().getBytes();
  }

  private RrdDb open(Path path) throws IOException {
    return pool != null
        ? pool.requestRrdDb(path.toString())
        : RrdDb.getBuilder().setPath(path.toString()).readOnly().build();
  }
}
