package org.webplatform.appliance.daemon;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code appliance version}: the build's version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the version and exit.")
final class VersionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static String version() {
    return Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev");
  }

  @Override
  public void run() {
    for (String line : new Provider().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
  }

  /** Shared with {@code --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "appliance " + version(),
        "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
