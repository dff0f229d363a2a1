package org.webplatform.appliance.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.webplatform.appliance.graphs.GraphsCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code appliance graph --rrd DIR --out FILE.png --graph mail --period week}: one graph from the
 * rrd files, for scripts and mail reports (mailgraph.cgi's images without a web server).
 */
@Command(name = "graph", description = "Render one graph from the rrd files to a PNG file.")
final class GraphCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--rrd", required = true, paramLabel = "DIR", description = "rrd directory")
  Path rrdDir;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "PNG to write")
  Path out;

  @Option(
      names = "--graph",
      defaultValue = "mail",
      description = "mail, errors, dkim, queue, dns, rsync-bytes, rsync-sessions (${DEFAULT-VALUE})")
  String graph;

  @Option(
      names = "--period",
      defaultValue = "day",
      description = "day, week, month or year (${DEFAULT-VALUE})")
  String period;

  @Override
  public Integer call() {
    try {
      GraphsCommands.renderGraph(rrdDir, graph, period, out, Clock.systemUTC().instant());
      spec.commandLine().getOut().println("wrote " + out);
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      spec.commandLine().getErr().println("graph: " + e.getMessage());
      return 1;
    }
  }
}
