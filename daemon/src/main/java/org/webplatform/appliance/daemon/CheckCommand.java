package org.webplatform.appliance.daemon;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.ConfigException;
import org.webplatform.appliance.config.ConfigProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code appliance check}: validates the config file and every data file it names (zones...),
 * like {@code gdnsd checkconf}. Exit 0 when all is well, 1 with one {@code file:line: message}
 * per problem otherwise. Meant for {@code ExecStartPre} and for admins before a reload.
 */
@Command(name = "check", description = "Validate the config and every zone file; exit 0 or 1.")
final class CheckCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ApplianceConfig parsed;
    try {
      parsed = ConfigSource.load(config.file, ConfigSource.defaultDirectory());
    } catch (ConfigException e) {
      for (ConfigProblem problem : e.problems()) {
        err.println(problem);
      }
      err.println("check failed: " + e.problems().size() + " problem(s)");
      return 1;
    }
    RoleCatalog.DataCheck data = RoleCatalog.checkData(parsed);
    List<String> problems = data.problems();
    data.warnings().forEach(err::println);
    problems.forEach(err::println);
    if (!problems.isEmpty()) {
      err.println("check failed: " + problems.size() + " problem(s)");
      return 1;
    }
    out.println(
        "check ok: " + parsed.source() + " modules=" + parsed.modules()
            + (parsed.unavailableModules().isEmpty()
                ? ""
                : " not-yet-available=" + parsed.unavailableModules()));
    return 0;
  }
}
