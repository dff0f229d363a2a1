package org.webplatform.appliance.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the {@code rsync:} section. Paths are checked only when the module is enabled: a shared
 * config may describe modules of another VM.
 */
final class RsyncSection {
  private RsyncSection() {}

  static RsyncConfig read(YamlMapping m, Path baseDir, boolean enabled) {
    List<InetSocketAddress> listen = m.listen(873);
    int maxConnections = m.integer("max_connections", 0, 0, 100_000);
    Duration timeout = m.scalar("timeout", Duration.ZERO, ValueSyntax::duration, "a duration");
    Function<String, Path> path = text -> baseDir.resolve(text).normalize();
    Optional<Path> motd = Optional.ofNullable(m.scalar("motd_file", null, path, "a path"));
    if (enabled && motd.isPresent() && !Files.isReadable(motd.get())) {
      m.problem("motd_file", "file " + motd.get() + " is not readable");
    }
    YamlMapping modulesSection = m.mapping("modules");
    Map<String, RsyncModuleConfig> modules = new LinkedHashMap<>();
    for (String name : modulesSection.keys()) {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        modulesSection.problem(
            name, "module name '" + name + "' must be letters, digits, '.', '_' or '-'");
        continue;
      }
      modules.put(name, module(name, modulesSection.mapping(name), path, enabled));
    }
    if (enabled && modules.isEmpty()) {
      m.problem("modules", "at least one module is required");
    }
    m.finish();
    return new RsyncConfig(listen, maxConnections, timeout, motd, modules);
  }

  private static RsyncModuleConfig module(
      String name, YamlMapping m, Function<String, Path> toPath, boolean enabled) {
    Path dir = m.scalar("path", null, toPath, "a path");
    if (dir == null) {
      m.problem("path", "required: the directory this module serves");
      dir = Path.of("/nonexistent");
    } else if (enabled && !Files.isDirectory(dir)) {
      m.problem("path", "directory " + dir + " does not exist");
    }
    String comment = m.string("comment", "");
    boolean readOnly = m.bool("read_only", true);
    if (!readOnly) {
      m.problem("read_only", "only true is supported: this daemon serves pulls, not pushes");
    }
    boolean list = m.bool("list", true);
    List<Cidr> allow = m.list("hosts_allow", List.of(), ValueSyntax::cidr, "networks (CIDR)");
    List<Cidr> deny = m.list("hosts_deny", List.of(), ValueSyntax::cidr, "networks (CIDR)");
    List<String> users = m.list("auth_users", List.of(), Function.identity(), "user names");
    Optional<Path> secrets = Optional.ofNullable(m.scalar("secrets_file", null, toPath, "a path"));
    if (!users.isEmpty() && secrets.isEmpty()) {
      m.problem("auth_users", "needs secrets_file: the user:password lines to check against");
    }
    if (enabled && secrets.isPresent()) {
      checkSecretsFile(m, secrets.get());
    }
    int maxConnections = m.integer("max_connections", 0, 0, 100_000);
    Duration timeout = m.scalar("timeout", Duration.ZERO, ValueSyntax::duration, "a duration");
    List<String> exclude = m.list("exclude", List.of(), Function.identity(), "patterns");
    List<String> filter = m.list("filter", List.of(), Function.identity(), "filter rules");
    List<String> refuse = m.list("refuse_options", List.of(), Function.identity(), "options");
    List<String> dontCompress =
        m.list("dont_compress", List.of(), Function.identity(), "file patterns");
    m.finish();
    return new RsyncModuleConfig(
        name, dir, comment, readOnly, list, allow, deny, users, secrets, maxConnections, timeout,
        exclude, filter, refuse, dontCompress);
  }

  /** rsyncd's "strict modes": a secrets file others can read is refused, not used. */
  private static void checkSecretsFile(YamlMapping m, Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        m.problem("secrets_file", "file " + file + " must not be accessible by others (chmod 600)");
      }
    } catch (IOException | UnsupportedOperationException e) {
      m.problem("secrets_file", "file " + file + " is not readable: " + e.getMessage());
    }
  }
}
