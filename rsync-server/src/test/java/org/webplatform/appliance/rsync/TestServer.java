package org.webplatform.appliance.rsync;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.webplatform.appliance.config.Cidr;
import org.webplatform.appliance.config.RsyncConfig;
import org.webplatform.appliance.config.RsyncModuleConfig;
import org.webplatform.appliance.role.RoleContext;

/** An RsyncRole on 127.0.0.1:0 with modules built by the test. */
final class TestServer implements AutoCloseable {
  final RsyncRole role;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final int port;

  TestServer(List<RsyncModuleConfig> modules) throws Exception {
    this(modules, 0, Duration.ZERO, Optional.empty());
  }

  TestServer(List<RsyncModuleConfig> modules, int maxConnections, Duration timeout,
      Optional<Path> motd) throws Exception {
    Map<String, RsyncModuleConfig> map = new LinkedHashMap<>();
    for (RsyncModuleConfig m : modules) {
      map.put(m.name(), m);
    }
    RsyncConfig config =
        new RsyncConfig(
            List.of(new InetSocketAddress("127.0.0.1", 0)), maxConnections, timeout, motd, map);
    role = new RsyncRole(config, new RoleContext(registry, Clock.systemUTC()));
    role.start();
    port = role.boundAddresses().get(0).getPort();
  }

  String url(String path) {
    return "rsync://127.0.0.1:" + port + "/" + path;
  }

  static ModuleBuilder module(String name, Path path) {
    return new ModuleBuilder(name, path);
  }

  @Override
  public void close() {
    role.stop(Duration.ofSeconds(2));
  }

  /** RsyncModuleConfig with defaults, changed field by field. */
  static final class ModuleBuilder {
    String name;
    Path path;
    String comment = "";
    boolean list = true;
    List<Cidr> allow = List.of();
    List<Cidr> deny = List.of();
    List<String> authUsers = List.of();
    Optional<Path> secrets = Optional.empty();
    int maxConnections;
    Duration timeout = Duration.ZERO;
    List<String> exclude = List.of();
    List<String> filter = List.of();
    List<String> refuse = List.of();
    List<String> dontCompress = List.of();

    ModuleBuilder(String name, Path path) {
      this.name = name;
      this.path = path;
    }

    ModuleBuilder comment(String c) {
      comment = c;
      return this;
    }

    ModuleBuilder hidden() {
      list = false;
      return this;
    }

    ModuleBuilder allow(Cidr... c) {
      allow = List.of(c);
      return this;
    }

    ModuleBuilder deny(Cidr... c) {
      deny = List.of(c);
      return this;
    }

    ModuleBuilder auth(Path secretsFile, String... users) {
      authUsers = List.of(users);
      secrets = Optional.of(secretsFile);
      return this;
    }

    ModuleBuilder maxConnections(int n) {
      maxConnections = n;
      return this;
    }

    ModuleBuilder timeout(Duration t) {
      timeout = t;
      return this;
    }

    ModuleBuilder exclude(String... patterns) {
      exclude = List.of(patterns);
      return this;
    }

    ModuleBuilder refuse(String... options) {
      refuse = List.of(options);
      return this;
    }

    RsyncModuleConfig build() {
      return new RsyncModuleConfig(
          name, path, comment, true, list, allow, deny, authUsers, secrets, maxConnections,
          timeout, exclude, filter, refuse, dontCompress);
    }
  }
}
