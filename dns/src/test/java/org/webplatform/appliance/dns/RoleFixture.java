package org.webplatform.appliance.dns;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.config.DnsConfig;
import org.webplatform.appliance.config.DnsForwarding;
import org.webplatform.appliance.config.DnsPools;
import org.webplatform.appliance.config.DnsRrlConfig;
import org.webplatform.appliance.config.DnsTransferConfig;
import org.webplatform.appliance.dns.server.DnsServerSettings;
import org.webplatform.appliance.dns.server.IoTransport;
import org.webplatform.appliance.role.RoleContext;

/**
 * A {@link DnsRole} on 127.0.0.1 port 0 serving a private copy of {@code zones-server/} (or of
 * {@code zones-xfr/}, see {@link #transfers}), which the test may edit. Close stops the role.
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
    return of(zones, watchZones, tcpIdleTimeout, DnsForwarding.OFF,
        DnsRrlConfig.DEFAULT, DnsPools.none(), Clock.systemUTC());
  }

  /** A role (not started) on the zones of {@code zones} with {@code pools}, zones watched. */
  static RoleFixture withPools(Path zones, DnsPools pools) {
    return of(zones, true, Duration.ofSeconds(10), DnsForwarding.OFF,
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
        of(zones, false, Duration.ofSeconds(10), forwarding, rrl, DnsPools.none(), clock);
    fixture.role.start();
    return fixture;
  }

  /**
   * A started role configured the way an admin does it: an {@code appliance.yaml} read by the real
   * config reader, with the {@code dns:} lines the test gives (indented by two spaces: {@code
   * tsig_keys}, {@code allow_transfer}, {@code also_notify}, {@code notify_source}), serving a
   * private copy of {@code zones-xfr/} on 127.0.0.1 port 0 (no directory watching: tests reload
   * explicitly).
   */
  static RoleFixture transfers(Path dir, String dnsYaml) throws Exception {
    Path zones = dir.resolve("zones");
    copyTree(resource("/zones-xfr"), zones);
    String yaml =
        "modules: [dns]\n"
            + "dns:\n"
            + "  listen: [\"127.0.0.1:0\"]\n"
            + "  zones: zones\n"
            + "  watch_zones: false\n"
            + dnsYaml;
    DnsConfig config = ConfigLoader.parse("appliance.yaml", yaml, dir).dns().orElseThrow();
    RoleFixture fixture =
        new RoleFixture(config, DnsServerSettings.from(config), Clock.systemUTC());
    fixture.role.start();
    return fixture;
  }

  /** Writes {@code secret} as base64 into {@code dir/file}, readable by its owner only. */
  static void writeSecret(Path dir, String file, byte[] secret) throws IOException {
    Files.createDirectories(dir);
    Path path = dir.resolve(file);
    Files.writeString(path, Base64.getEncoder().encodeToString(secret) + "\n",
        StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
  }

  private static RoleFixture of(
      Path zones,
      boolean watchZones,
      Duration tcpIdleTimeout,
      DnsForwarding forwarding,
      DnsRrlConfig rrl,
      DnsPools pools,
      Clock clock) {
    List<InetSocketAddress> listen =
        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    DnsConfig config =
        new DnsConfig(
            listen, zones, MAX_UDP_PAYLOAD, 1, tcpIdleTimeout, 64, watchZones, forwarding, rrl,
            pools, DnsTransferConfig.NONE);
    DnsServerSettings settings =
        new DnsServerSettings(listen, 1, tcpIdleTimeout, tcpIdleTimeout, 64, IoTransport.best());
    return new RoleFixture(config, settings, clock);
  }

  private RoleFixture(DnsConfig config, DnsServerSettings settings, Clock clock) {
    this.zones = config.zones();
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

  /** The fixture zones, {@code zones-server/}. */
  static Path fixture() {
    return resource("/zones-server");
  }

  private static Path resource(String directory) {
    URL url = RoleFixture.class.getResource(directory);
    try {
      return Path.of(url.toURI());
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
