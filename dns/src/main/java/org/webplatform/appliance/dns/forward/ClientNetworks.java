package org.webplatform.appliance.dns.forward;

import java.net.InetAddress;
import java.util.List;
import org.webplatform.appliance.config.Cidr;
import org.webplatform.appliance.config.HostPort;

/**
 * The clients that may have names outside our zones resolved ({@code dns.recursion_networks}).
 * Everyone else is refused: an open resolver is an amplifier and a cache-poisoning target (RFC
 * 5358). Immutable and thread-safe.
 */
final class ClientNetworks {
  private final List<Cidr> networks;

  ClientNetworks(List<Cidr> networks) {
    this.networks = List.copyOf(networks);
  }

  /**
   * True when {@code client} is in one of the networks. IPv4 clients of a dual-stack socket
   * arrive as {@code Inet4Address} (the JDK unmaps {@code ::ffff:a.b.c.d}), so IPv4 networks
   * match them.
   */
  boolean contains(InetAddress client) {
    for (Cidr network : networks) {
      if (network.contains(client)) {
        return true;
      }
    }
    return false;
  }

  /** The networks as the config writes them: {@code [127.0.0.0/8, ::1/128]}. */
  @Override
  public String toString() {
    return networks.stream()
        .map(n -> HostPort.address(n.network()) + "/" + n.prefixLength())
        .toList()
        .toString();
  }
}
