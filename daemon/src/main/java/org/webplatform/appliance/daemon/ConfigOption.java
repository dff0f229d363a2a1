package org.webplatform.appliance.daemon;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code --config FILE} option shared by the commands that read the config. */
final class ConfigOption {
  // INHERIT: `appliance queue list --config F` works as well as `appliance queue --config F list`.
  @Option(
      names = {"-c", "--config"},
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Config file (default: the embedded default config, all roles on loopback).")
  Path file;
}
