package org.webplatform.appliance.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the forwarding keys of the {@code dns:} section into {@link DnsForwarding}. Upstreams are
 * never taken from /etc/resolv.conf: the appliance is what the VMs' resolv.conf names, and a
 * default that silently sends queries somewhere is how resolvers end up looping or leaking.
 */
final class DnsForwardingSection {
  private DnsForwardingSection() {}

  /**
   * Reads the keys from the {@code dns:} mapping {@code m}; the caller finishes the mapping.
   * Without {@code recursion_networks} the result has none: {@link #withDefaultRecursionNetworks}
   * fills them once the mail section is read.
   *
   * @param listen the section's listen addresses, which no forwarder may be (a loop)
   */
  static DnsForwarding read(YamlMapping m, List<InetSocketAddress> listen) {
    int before = m.problemCount();
    List<InetSocketAddress> forwarders =
        m.list("forwarders", List.of(), ValueSyntax::socketAddress, "addresses (ip:port)");
    if (m.problemCount() == before) {
      checkForwarders(m, forwarders, listen);
    }
    before = m.problemCount();
    List<Cidr> networks =
        m.list("recursion_networks", List.of(), ValueSyntax::cidr, "networks (CIDR)");
    if (m.has("recursion_networks") && networks.isEmpty() && m.problemCount() == before) {
      m.problem(
          "recursion_networks",
          "at least one network is required; leave the key out for the default"
              + " (mail.relay_networks)");
    }
    Duration timeout =
        duration(m, "forward_timeout", DnsForwarding.DEFAULT_TIMEOUT, "100ms", "30s");
    int cacheSize = m.integer("cache_size", DnsForwarding.DEFAULT_CACHE_SIZE, 0, 10_000_000);
    Duration maxTtl = duration(m, "cache_max_ttl", DnsForwarding.DEFAULT_MAX_TTL, "1s", "7d");
    Duration maxNegativeTtl =
        duration(
            m, "cache_max_negative_ttl", DnsForwarding.DEFAULT_MAX_NEGATIVE_TTL, "0s", "1d");
    return new DnsForwarding(forwarders, networks, timeout, cacheSize, maxTtl, maxNegativeTtl);
  }

  /**
   * {@code dns} with {@code relayNetworks} as its recursion networks when the file set none: the
   * clients that may relay mail are the platform's own VMs, the same ones that use us as their
   * resolver. {@code mail.relay_networks} itself defaults to loopback.
   */
  static DnsConfig withDefaultRecursionNetworks(DnsConfig dns, List<Cidr> relayNetworks) {
    DnsForwarding forwarding = dns.forwarding();
    if (!forwarding.recursionNetworks().isEmpty()) {
      return dns;
    }
    List<Cidr> networks = relayNetworks.isEmpty() ? DnsForwarding.LOOPBACK : relayNetworks;
    return dns.withForwarding(forwarding.withRecursionNetworks(networks));
  }

  private static void checkForwarders(
      YamlMapping m, List<InetSocketAddress> forwarders, List<InetSocketAddress> listen) {
    Set<InetSocketAddress> seen = new HashSet<>();
    for (InetSocketAddress forwarder : forwarders) {
      String shown = HostPort.format(forwarder);
      if (forwarder.getPort() == 0) {
        m.problem("forwarders", shown + " has port 0");
      } else if (!seen.add(forwarder)) {
        m.problem("forwarders", shown + " is listed twice");
      } else if (listen.stream().anyMatch(own -> reaches(own, forwarder))) {
        m.problem(
            "forwarders",
            shown + " is one of our own listen addresses: queries would loop back to us");
      }
    }
  }

  /** True when a query sent to {@code forwarder} would arrive at the listener {@code own}. */
  private static boolean reaches(InetSocketAddress own, InetSocketAddress forwarder) {
    if (own.getPort() != forwarder.getPort()) {
      return false;
    }
    InetAddress listening = own.getAddress();
    InetAddress target = forwarder.getAddress();
    if (listening.equals(target)) {
      return true;
    }
    if (!listening.isAnyLocalAddress()) {
      return false;
    }
    // An IPv6 wildcard socket is dual-stack and takes IPv4 too; an IPv4 one only IPv4.
    boolean family =
        listening instanceof Inet6Address || !(target instanceof Inet6Address);
    return family && (target.isLoopbackAddress() || target.isAnyLocalAddress() || isLocal(target));
  }

  private static boolean isLocal(InetAddress address) {
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static Duration duration(
      YamlMapping m, String key, Duration fallback, String min, String max) {
    Duration value = m.scalar(key, fallback, ValueSyntax::duration, "a duration");
    if (value.compareTo(ValueSyntax.duration(min)) < 0
        || value.compareTo(ValueSyntax.duration(max)) > 0) {
      m.problem(key, "must be between " + min + " and " + max);
      return fallback;
    }
    return value;
  }
}
