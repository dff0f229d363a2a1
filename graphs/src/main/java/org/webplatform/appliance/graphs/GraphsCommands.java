package org.webplatform.appliance.graphs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.webplatform.appliance.config.GraphsConfig;
import org.webplatform.appliance.graphs.render.GraphCatalog;
import org.webplatform.appliance.graphs.render.GraphRenderer;
import org.webplatform.appliance.graphs.render.GraphSpec;
import org.webplatform.appliance.graphs.render.Period;
import org.webplatform.appliance.graphs.store.MailgraphImport;

/**
 * What the {@code appliance graphs import-mailgraph} and {@code appliance graph} commands do,
 * without the command-line parsing, which lives in the daemon's CLI.
 */
public final class GraphsCommands {
  private GraphsCommands() {}

  /**
   * {@code appliance graphs import-mailgraph FILE.rrd}: imports a Mailgraph rrdtool file as
   * {@code rrdDir/mail.rrd} (an existing one is renamed). Stop the daemon first.
   *
   * @param step the configured sample step ({@link GraphsConfig#step()})
   * @throws IOException when the file is missing or not a Mailgraph rrd file (message says which)
   */
  public static MailgraphImport.Result importMailgraph(Path rrdtoolFile, Path rrdDir, Duration step)
      throws IOException {
    return MailgraphImport.run(rrdtoolFile, rrdDir, step);
  }

  /**
   * {@code appliance graph --rrd DIR --out FILE.png --graph mail --period week}: draws one graph
   * from the files in {@code rrdDir}, ending at {@code end} (normally now).
   *
   * @param graph a name of {@link GraphCatalog#names()}: mail, errors, dkim, queue, dns,
   *     rsync-bytes, rsync-sessions
   * @param period day, week, month or year
   * @throws IllegalArgumentException for an unknown graph or period (message lists the valid)
   * @throws IOException when the graph's rrd file is missing or unreadable, or out not writable
   */
  public static void renderGraph(Path rrdDir, String graph, String period, Path out, Instant end)
      throws IOException {
    GraphSpec spec =
        GraphCatalog.byName(graph)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown graph '" + graph + "' (known: " + GraphCatalog.names() + ")"));
    Period p =
        Period.byKey(period)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown period '" + period + "' (known: "
                            + Arrays.stream(Period.values())
                                .map(Period::key)
                                .collect(Collectors.joining(", "))
                            + ")"));
    Path file = rrdDir.resolve(spec.file().file());
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such rrd file (is the graphs module sampling here?)");
    }
    byte[] png = new GraphRenderer(rrdDir, null).render(spec, p, end.getEpochSecond());
    Files.write(out, png);
  }
}
