package org.webplatform.appliance.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole config file, parsed and validated. Immutable; a reload parses a new one.
 *
 * @param source where it came from (a path, or a name for the embedded default)
 * @param level the environment level (production, staging...), shown in logs and pages
 * @param roles the platform roles asked for
 * @param modules the modules that will run, in start order
 * @param unavailableModules modules the roles ask for that this build does not have
 * @param dns present exactly when {@code modules} contains {@link ModuleName#DNS}
 * @param rsync present exactly when {@code modules} contains {@link ModuleName#RSYNC_SERVER}
 * @param mail present exactly when {@code modules} contains {@link ModuleName#SMTP_RELAY}
 * @param graphs present exactly when {@code modules} contains {@link ModuleName#GRAPHS}
 */
public record ApplianceConfig(
    String source,
    String level,
    List<PlatformRole> roles,
    List<ModuleName> modules,
    List<String> unavailableModules,
    AdminConfig admin,
    Optional<DnsConfig> dns,
    Optional<RsyncConfig> rsync,
    Optional<MailConfig> mail,
    Optional<GraphsConfig> graphs) {

  public ApplianceConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(level, "level");
    roles = List.copyOf(roles);
    modules = List.copyOf(modules);
    unavailableModules = List.copyOf(unavailableModules);
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(rsync, "rsync");
    Objects.requireNonNull(mail, "mail");
    Objects.requireNonNull(graphs, "graphs");
  }

  public boolean enabled(ModuleName module) {
    return modules.contains(module);
  }
}
