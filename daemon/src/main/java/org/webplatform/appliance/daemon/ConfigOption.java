package org.webplatform.appliance.daemon;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code --config FILE} option shared by the commands that read the config. */
final class ConfigOption {
  // INHERIT: `appliance queue list --config F` works as well as `appliance queue --config F list`.
  // The Debian package's launcher sets APPLIANCE_CONFIG=/etc/appliance/appliance.yaml, so an
  // admin's `appliance check` or `appliance queue list` talks about the installed daemon.
  @Option(
      names = {"-c", "--config"},
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      defaultValue = "${env:APPLIANCE_CONFIG}",
      description =
          "Config file (default: $APPLIANCE_CONFIG, else the embedded default config, all roles"
              + " on loopback).")
  Path file;
}
