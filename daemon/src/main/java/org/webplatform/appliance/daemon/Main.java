package org.webplatform.appliance.daemon;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code appliance} command: {@code run}, {@code check}, {@code version}. */
@Command(
    name = "appliance",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Infrastructure services appliance: authoritative DNS, rsync daemon, SMTP relay"
        + " and traffic graphs in one daemon.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      QueueCommand.class,
      DnsCommand.class,
      GraphCommand.class,
      GraphsCommand.class,
      DkimCommand.class,
      VersionCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
