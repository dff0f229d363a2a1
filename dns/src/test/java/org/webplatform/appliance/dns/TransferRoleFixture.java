package org.webplatform.appliance.dns;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.config.DnsConfig;
import org.webplatform.appliance.role.RoleContext;

/**
 * A started {@link DnsRole} configured the way an admin does it: an {@code appliance.yaml} read by
 * the real config reader, with the zone transfer keys the test gives, serving a private copy of
 * {@code zones-xfr/} on 127.0.0.1 port 0 (no directory watching: tests reload explicitly).
 */
final class TransferRoleFixture implements AutoCloseable {
  final Path zones;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final DnsRole role;

  private TransferRoleFixture(Path zones, DnsConfig config) {
    this.zones = zones;
    this.role = new DnsRole(config, new RoleContext(registry, Clock.systemUTC()));
  }

  /**
   * @param transferYaml lines of the {@code dns:} section (indented by two spaces): {@code
   *     tsig_keys}, {@code allow_transfer}, {@code also_notify}, {@code notify_source}
   */
  static TransferRoleFixture start(Path dir, String transferYaml) throws Exception {
    Path zones = dir.resolve("zones");
    RoleFixture.copyTree(fixture(), zones);
    String yaml =
        "modules: [dns]\n"
            + "dns:\n"
            + "  listen: [\"127.0.0.1:0\"]\n"
            + "  zones: zones\n"
            + "  watch_zones: false\n"
            + transferYaml;
    DnsConfig config = ConfigLoader.parse("appliance.yaml", yaml, dir).dns().orElseThrow();
    TransferRoleFixture fixture = new TransferRoleFixture(zones, config);
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

  InetSocketAddress address() {
    return role.boundAddresses().get(0);
  }

  @Override
  public void close() {
    role.stop(Duration.ofSeconds(2));
  }

  private static Path fixture() {
    try {
      return Path.of(TransferRoleFixture.class.getResource("/zones-xfr").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
