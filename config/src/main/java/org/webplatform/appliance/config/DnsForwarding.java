package org.webplatform.appliance.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The forwarding keys of the {@code dns:} section: names outside our zones, asked by a client in
 * {@code recursionNetworks}, are sent to {@code forwarders} and the answers cached. Every VM's
 * resolv.conf points at the appliance, so those names must resolve too; gdnsd would refuse them.
 *
 * @param forwarders upstream servers (IP and port), tried in order; empty: forwarding off, names
 *     outside our zones get REFUSED as before
 * @param recursionNetworks clients whose queries for other names are forwarded; everyone else
 *     gets REFUSED (never an open resolver). The config loader fills it with {@code
 *     mail.relay_networks} when the file does not set it; empty means no client at all
 * @param forwardTimeout how long one attempt at one upstream may take before the next is tried
 * @param cacheSize answers kept at most; 0 turns the cache off
 * @param cacheMaxTtl upper bound on the time a positive answer is kept
 * @param cacheMaxNegativeTtl upper bound on the time an NXDOMAIN or NODATA answer is kept (RFC
 *     2308 §5); zero turns negative caching off
 */
public record DnsForwarding(
    List<InetSocketAddress> forwarders,
    List<Cidr> recursionNetworks,
    Duration forwardTimeout,
    int cacheSize,
    Duration cacheMaxTtl,
    Duration cacheMaxNegativeTtl) {

  /** Where recursion clients default to without a mail section: this machine only. */
  public static final List<Cidr> LOOPBACK =
      List.of(ValueSyntax.cidr("127.0.0.0/8"), ValueSyntax.cidr("::1/128"));

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final int DEFAULT_CACHE_SIZE = 10_000;
  static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);

  /** RFC 2308 §5: "values of one to three hours have been found to work well". */
  static final Duration DEFAULT_MAX_NEGATIVE_TTL = Duration.ofHours(3);

  /** No forwarders: names outside our zones are refused (gdnsd's behaviour). */
  public static final DnsForwarding OFF =
      new DnsForwarding(
          List.of(),
          LOOPBACK,
          DEFAULT_TIMEOUT,
          DEFAULT_CACHE_SIZE,
          DEFAULT_MAX_TTL,
          DEFAULT_MAX_NEGATIVE_TTL);

  public DnsForwarding {
    forwarders = List.copyOf(forwarders);
    recursionNetworks = List.copyOf(recursionNetworks);
    Objects.requireNonNull(forwardTimeout, "forwardTimeout");
    Objects.requireNonNull(cacheMaxTtl, "cacheMaxTtl");
    Objects.requireNonNull(cacheMaxNegativeTtl, "cacheMaxNegativeTtl");
  }

  /** True when names outside our zones are forwarded (at least one upstream). */
  public boolean enabled() {
    return !forwarders.isEmpty();
  }

  /** This forwarding with other recursion networks. */
  public DnsForwarding withRecursionNetworks(List<Cidr> networks) {
    return new DnsForwarding(
        forwarders, networks, forwardTimeout, cacheSize, cacheMaxTtl, cacheMaxNegativeTtl);
  }
}
