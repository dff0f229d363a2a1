package org.webplatform.appliance.dns;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.webplatform.appliance.config.DnsConfig;
import org.webplatform.appliance.config.DnsForwarding;
import org.webplatform.appliance.config.DnsPools;
import org.webplatform.appliance.config.DnsRrlConfig;
import org.webplatform.appliance.dns.server.DnsServerSettings;
import org.webplatform.appliance.dns.server.IoTransport;
import org.webplatform.appliance.role.RoleContext;

/**
 * A {@link DnsRole} on 127.0.0.1 port 0 serving a private copy of {@code zones-server/}, which the
 * test may edit. Close stops the role.
 */
final class RoleFixture implements AutoCloseable {
  static final int MAX_UDP_PAYLOAD = 1232;

  final Path zones;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final DnsRole role;

  /** Copies the fixture zones into {@code dir}/zones and builds (does not start) the role. */
  static RoleFixture create(Path dir, boolean watchZones, Duration tcpIdleTimeout)
      throws IOException {
    Path zones = dir.resolve("zones");
    copyTree(fixture(), zones);
    return new RoleFixture(zones, watchZones, tcpIdleTimeout, DnsForwarding.OFF,
        DnsRrlConfig.DEFAULT, DnsPools.none(), Clock.systemUTC());
  }

  /** A role (not started) on the zones of {@code zones} with {@code pools}, zones watched. */
  static RoleFixture withPools(Path zones, DnsPools pools) {
    return new RoleFixture(zones, true, Duration.ofSeconds(10), DnsForwarding.OFF,
        DnsRrlConfig.DEFAULT, pools, Clock.systemUTC());
  }

  /** Started, without zone watching, with this rate limiting and this clock. */
  static RoleFixture started(Path dir, DnsRrlConfig rrl, Clock clock) throws Exception {
    return startedWith(dir, DnsForwarding.OFF, rrl, clock);
  }

  /** A started role on the fixture zones that forwards other names as {@code forwarding} says. */
  static RoleFixture forwarding(Path dir, DnsForwarding forwarding) throws Exception {
    return startedWith(dir, forwarding, DnsRrlConfig.DEFAULT, Clock.systemUTC());
  }

  private static RoleFixture startedWith(
      Path dir, DnsForwarding forwarding, DnsRrlConfig rrl, Clock clock) throws Exception {
    Path zones = dir.resolve("zones");
    copyTree(fixture(), zones);
    RoleFixture fixture =
        new RoleFixture(
            zones, false, Duration.ofSeconds(10), forwarding, rrl, DnsPools.none(), clock);
    fixture.role.start();
    return fixture;
  }

  private RoleFixture(
      Path zones,
      boolean watchZones,
      Duration tcpIdleTimeout,
      DnsForwarding forwarding,
      DnsRrlConfig rrl,
      DnsPools pools,
      Clock clock) {
    this.zones = zones;
    List<InetSocketAddress> listen =
        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    DnsConfig config =
        new DnsConfig(
            listen, zones, MAX_UDP_PAYLOAD, 1, tcpIdleTimeout, 64, watchZones, forwarding, rrl,
            pools);
    DnsServerSettings settings =
        new DnsServerSettings(listen, 1, tcpIdleTimeout, tcpIdleTimeout, 64, IoTransport.best());
    this.role = new DnsRole(config, new RoleContext(registry, clock), settings);
  }

  static RoleFixture started(Path dir, boolean watchZones) throws Exception {
    RoleFixture fixture = create(dir, watchZones, Duration.ofSeconds(10));
    fixture.role.start();
    return fixture;
  }

  InetSocketAddress address() {
    return role.boundAddresses().get(0);
  }

  @Override
  public void close() {
    role.stop(Duration.ofSeconds(2));
  }

  static Path fixture() {
    URL url = RoleFixture.class.getResource("/zones-server/example.internal");
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          try (InputStream in = Files.newInputStream(source)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }
}
