package org.webplatform.appliance.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.ConfigException;
import org.webplatform.appliance.config.GraphsConfig;
import org.webplatform.appliance.graphs.GraphsCommands;
import org.webplatform.appliance.graphs.store.MailgraphImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code appliance graphs import-mailgraph FILE.rrd}: keep the history of an old Mailgraph. */
@Command(
    name = "graphs",
    description = "Manage the traffic graphs' rrd files.",
    subcommands = {GraphsCommand.ImportMailgraph.class})
final class GraphsCommand {

  @Command(
      name = "import-mailgraph",
      description = "Import a Mailgraph rrdtool file into the configured rrd directory."
          + " Stop the daemon first.")
  static final class ImportMailgraph implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Parameters(paramLabel = "FILE.rrd", description = "mailgraph.rrd of the old mail VM")
    Path file;

    @Override
    public Integer call() {
      try {
        ApplianceConfig parsed = ConfigSource.load(config.file, ConfigSource.defaultDirectory());
        GraphsConfig graphs =
            parsed
                .graphs()
                .orElseThrow(() -> new IllegalArgumentException("the graphs module is not enabled"));
        MailgraphImport.Result result =
            GraphsCommands.importMailgraph(file, graphs.rrdDir(), graphs.step());
        spec.commandLine().getOut().println("imported " + file + " into " + result.target());
        return 0;
      } catch (ConfigException e) {
        e.problems().forEach(spec.commandLine().getErr()::println);
        return 1;
      } catch (IllegalArgumentException | IOException e) {
        spec.commandLine().getErr().println("import-mailgraph: " + e.getMessage());
        return 1;
      }
    }
  }
}
