package org.webplatform.appliance.daemon;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the commands that read the config. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Config file (default: the embedded default config, all roles on loopback).")
  Path file;
}
