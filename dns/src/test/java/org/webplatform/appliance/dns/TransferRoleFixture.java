package org.webplatform.appliance.dns;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.webplatform.appliance.config.DnsConfig;
import org.webplatform.appliance.config.DnsTransferConfig;
import org.webplatform.appliance.dns.server.DnsServerSettings;
import org.webplatform.appliance.dns.server.IoTransport;
import org.webplatform.appliance.role.RoleContext;

/**
 * A started {@link DnsRole} on 127.0.0.1 port 0 with zone transfer settings, serving a private
 * copy of {@code zones-xfr/} (no directory watching: tests reload explicitly). Close stops it.
 */
final class TransferRoleFixture implements AutoCloseable {
  final Path zones;
  final PrometheusRegistry registry = new PrometheusRegistry();
  final DnsRole role;

  private TransferRoleFixture(Path zones, DnsTransferConfig transfer) {
    this.zones = zones;
    List<InetSocketAddress> listen =
        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Duration idle = Duration.ofSeconds(10);
    DnsConfig config = new DnsConfig(listen, zones, 1232, 1, idle, 64, false, transfer);
    DnsServerSettings settings =
        new DnsServerSettings(listen, 1, idle, Duration.ofSeconds(3), 64, IoTransport.best());
    this.role = new DnsRole(config, new RoleContext(registry, Clock.systemUTC()), settings);
  }

  /** Copies {@code zones-xfr/} (and {@code extra} zone files, if any) and starts the role. */
  static TransferRoleFixture start(Path dir, DnsTransferConfig transfer) throws Exception {
    Path zones = dir.resolve("zones");
    RoleFixture.copyTree(fixture(), zones);
    TransferRoleFixture fixture = new TransferRoleFixture(zones, transfer);
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
    try {
      return Path.of(TransferRoleFixture.class.getResource("/zones-xfr").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
