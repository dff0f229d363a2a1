package org.webplatform.appliance.graphs.render;

import java.util.Objects;
import java.util.function.BiConsumer;
import org.rrd4j.graph.RrdGraphDef;
import org.webplatform.appliance.graphs.store.RrdFileSpec;

/**
 * One graph: which file it draws from, its title and axis, and the code that adds its data
 * sources, plots and legend lines to an {@link RrdGraphDef}.
 *
 * @param name the name in URLs and on the command line, e.g. {@code mail}
 * @param title the title drawn in the image, e.g. "Mail sent and received"
 * @param file the rrd file it reads
 * @param verticalLabel the unit on the y axis, e.g. {@code msgs/min}
 * @param height plot height in pixels (Mailgraph: 160 for traffic, 96 for errors)
 * @param siUnits true to label the y axis with k, M, G (bytes); false for plain numbers, as
 *     Mailgraph's {@code --units-exponent 0} (no "400 m" for 0.4 msgs/min)
 * @param draw adds the elements, given the def and the rrd file's path
 */
public record GraphSpec(
    String name,
    String title,
    RrdFileSpec file,
    String verticalLabel,
    int height,
    boolean siUnits,
    BiConsumer<RrdGraphDef, String> draw) {

  public GraphSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(verticalLabel, "verticalLabel");
    Objects.requireNonNull(draw, "draw");
  }
}
