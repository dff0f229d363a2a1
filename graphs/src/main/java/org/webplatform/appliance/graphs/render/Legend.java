package org.webplatform.appliance.graphs.render;

import java.awt.Color;
import org.rrd4j.ConsolFun;
import org.rrd4j.data.Variable;
import org.rrd4j.graph.RrdGraphDef;

/**
 * Adds one series to a graph the way mailgraph.cgi does: the data source, a rate CDEF in the
 * graph's unit, the plot, and "total / avg / max" in the legend.
 *
 * <p>The total is rrd4j's {@link Variable.TOTAL} of the per-second data source, which already
 * integrates rate × time; taking it of the per-minute CDEF would be 60 times too big.
 */
final class Legend {
  enum Plot {
    AREA,
    STACK,
    LINE
  }

  private Legend() {}

  /**
   * @param perSecondFactor 60 for per-minute units, 1 for per-second
   * @param unit the counted thing in the legend, e.g. {@code msgs}
   * @param rateUnit e.g. {@code msgs/min}
   */
  static void counted(
      RrdGraphDef g,
      String path,
      String ds,
      String label,
      Color color,
      Plot plot,
      int perSecondFactor,
      String unit,
      String rateUnit) {
    g.datasource(ds, path, ds, ConsolFun.AVERAGE);
    String rate = "r" + ds;
    g.datasource(rate, ds + "," + perSecondFactor + ",*");
    plot(g, rate, color, label, plot);
    g.datasource("t" + ds, ds, new Variable.TOTAL());
    g.datasource("a" + ds, rate, new Variable.AVERAGE());
    g.datasource("m" + ds, rate, new Variable.MAX());
    g.gprint("t" + ds, "total: %8.0f " + unit);
    g.gprint("a" + ds, "avg: %7.2f " + rateUnit);
    g.gprint("m" + ds, "max: %6.1f " + rateUnit + "\\l");
  }

  /** A per-second series whose values span magnitudes (bytes): SI prefixes via {@code %s}. */
  static void scaled(
      RrdGraphDef g, String path, String ds, String label, Color color, String unit) {
    g.datasource(ds, path, ds, ConsolFun.AVERAGE);
    plot(g, ds, color, label, Plot.AREA);
    g.datasource("t" + ds, ds, new Variable.TOTAL());
    g.datasource("a" + ds, ds, new Variable.AVERAGE());
    g.datasource("m" + ds, ds, new Variable.MAX());
    g.gprint("t" + ds, "total: %7.2f %s" + unit);
    g.gprint("a" + ds, "avg: %7.2f %s" + unit + "/s");
    g.gprint("m" + ds, "max: %7.2f %s" + unit + "/s\\l");
  }

  /** A gauge: last, average and max of the plotted values. */
  static void gauge(RrdGraphDef g, String path, String ds, String label, Color color, String unit) {
    g.datasource(ds, path, ds, ConsolFun.AVERAGE);
    plot(g, ds, color, label, Plot.AREA);
    g.datasource("l" + ds, ds, new Variable.LAST());
    g.datasource("a" + ds, ds, new Variable.AVERAGE());
    g.datasource("m" + ds, ds, new Variable.MAX());
    g.gprint("l" + ds, "last: %8.0f " + unit);
    g.gprint("a" + ds, "avg: %7.2f " + unit);
    g.gprint("m" + ds, "max: %6.0f " + unit + "\\l");
  }

  private static void plot(RrdGraphDef g, String ds, Color color, String label, Plot plot) {
    // Pad labels so the legend columns line up like Mailgraph's.
    String padded = String.format("%-12s", label);
    switch (plot) {
      case AREA -> g.area(ds, color, padded);
      case STACK -> g.stack(ds, color, padded);
      case LINE -> g.line(ds, color, padded, 2);
    }
  }
}
