package org.webplatform.appliance.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses the appliance's one config file into an {@link ApplianceConfig}.
 *
 * <p>The YAML is composed into a node tree that keeps line numbers, then every section is read
 * key by key into records. Every problem is collected with its line — unknown keys, wrong types,
 * bad addresses, missing directories — and reported together, so {@code appliance check} shows
 * them all at once. Relative paths are relative to the config file's directory.
 */
public final class ConfigLoader {
  static final InetSocketAddress DEFAULT_ADMIN_LISTEN = new InetSocketAddress("127.0.0.1", 8025);

  private ConfigLoader() {}

  /** Reads and parses {@code file}. */
  public static ApplianceConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(file.toString(), 0, "cannot read config file: " + e)));
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(file.toString(), text, base);
  }

  /**
   * Parses config text.
   *
   * @param source the name used in problem messages (usually the file's path)
   * @param baseDir the directory relative paths are resolved against
   */
  public static ApplianceConfig parse(String source, String text, Path baseDir)
      throws ConfigException {
    Problems problems = new Problems(source);
    Optional<Node> document;
    try {
      document = new Compose(LoadSettings.builder().setLabel(source).build()).composeString(text);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
      throw new ConfigException(
          List.of(new ConfigProblem(source, line, "YAML syntax: " + e.getProblem())));
    } catch (YamlEngineException e) {
      throw new ConfigException(List.of(new ConfigProblem(source, 0, "YAML: " + e.getMessage())));
    }

    YamlMapping root = YamlMapping.root(problems, document);
    problems.throwIfAny(); // not a mapping at all: nothing else is worth reporting
    String level = root.string("level", "production");
    int before = problems.count();
    List<PlatformRole> roles = root.list("roles", List.of(), ConfigLoader::role, "role names");
    Optional<List<ModuleName>> explicit =
        root.has("modules")
            ? Optional.of(root.list("modules", List.of(), ConfigLoader::module, "module names"))
            : Optional.empty();

    List<ModuleName> modules = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    if (explicit.isPresent()) {
      explicit.get().stream().distinct().forEach(modules::add);
    } else {
      for (PlatformRole role : roles) {
        for (String key : role.moduleKeys()) {
          ModuleName.byKey(key)
              .ifPresentOrElse(
                  m -> {
                    if (!modules.contains(m)) {
                      modules.add(m);
                    }
                  },
                  () -> unavailable.add(key));
        }
      }
    }
    if (!root.has("roles") && !root.has("modules")) {
      problems.add(0, "roles: required (salt, mail), or an explicit modules: list");
    } else if (modules.isEmpty() && problems.count() == before) {
      problems.add(
          root.line(explicit.isPresent() ? "modules" : "roles"),
          "no module to run: this version provides " + availableModules()
              + (unavailable.isEmpty() ? "" : "; not yet available: " + unavailable));
    }

    AdminConfig admin = admin(root.mapping("admin"));
    boolean dnsEnabled = modules.contains(ModuleName.DNS);
    DnsConfig dns = DnsSection.read(root.mapping("dns"), baseDir, dnsEnabled);
    boolean rsyncEnabled = modules.contains(ModuleName.RSYNC_SERVER);
    RsyncConfig rsync = RsyncSection.read(root.mapping("rsync"), baseDir, rsyncEnabled);
    boolean mailEnabled = modules.contains(ModuleName.SMTP_RELAY);
    MailConfig mail = MailSection.read(root.mapping("mail"), baseDir, mailEnabled);
    dns = DnsForwardingSection.withDefaultRecursionNetworks(dns, mail.relayNetworks());
    boolean graphsEnabled = modules.contains(ModuleName.GRAPHS);
    GraphsConfig graphs = GraphsSection.read(root.mapping("graphs"), baseDir, graphsEnabled);
    root.finish();
    problems.throwIfAny();
    return new ApplianceConfig(
        source,
        level,
        roles,
        modules,
        unavailable,
        admin,
        dnsEnabled ? Optional.of(dns) : Optional.empty(),
        rsyncEnabled ? Optional.of(rsync) : Optional.empty(),
        mailEnabled ? Optional.of(mail) : Optional.empty(),
        graphsEnabled ? Optional.of(graphs) : Optional.empty());
  }

  private static AdminConfig admin(YamlMapping m) {
    InetSocketAddress listen =
        m.scalar("listen", DEFAULT_ADMIN_LISTEN, ValueSyntax::socketAddress, "an address");
    m.finish();
    return new AdminConfig(listen);
  }

  private static PlatformRole role(String key) {
    return PlatformRole.byKey(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown role '" + key + "' (known: "
                        + Arrays.stream(PlatformRole.values())
                            .map(PlatformRole::key)
                            .collect(Collectors.joining(", "))
                        + ")"));
  }

  private static ModuleName module(String key) {
    return ModuleName.byKey(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown module '" + key + "' (this version provides "
                        + availableModules() + ")"));
  }

  private static String availableModules() {
    return Arrays.stream(ModuleName.values()).map(ModuleName::key).collect(Collectors.joining(", "));
  }
}
