package org.webplatform.appliance.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code dns:} section.
 *
 * @param listen addresses for both UDP and TCP
 * @param zones directory of RFC 1035 zone files, one zone per file named after the zone
 * @param maxUdpPayload cap on the EDNS payload size a client may advertise (RFC 6891 §6.2.5);
 *     also the size we advertise
 * @param udpThreads event loops (one SO_REUSEPORT UDP socket each) per listen address
 * @param tcpIdleTimeout a TCP connection with no query for this long is closed (RFC 7766 §6.2.3)
 * @param tcpMaxConnections open TCP connections at most, all listeners together
 * @param watchZones reload zones when a file in the zones directory changes
 * @param forwarding forwarding and caching of names outside our zones; {@link DnsForwarding#OFF}
 *     refuses them
 * @param rrl response rate limiting for UDP ({@code dns.rrl})
 * @param pools health-checked pools for zone-file DYNA records, and their override file
 * @param transfer zone transfer out (AXFR/IXFR) and NOTIFY to secondaries
 */
public record DnsConfig(
    List<InetSocketAddress> listen,
    Path zones,
    int maxUdpPayload,
    int udpThreads,
    Duration tcpIdleTimeout,
    int tcpMaxConnections,
    boolean watchZones,
    DnsForwarding forwarding,
    DnsRrlConfig rrl,
    DnsPools pools,
    DnsTransferConfig transfer) {

  /**
   * Without forwarding, with the default RRL, without pools and without zone transfers (the shape
   * before those keys existed).
   */
  public DnsConfig(
      List<InetSocketAddress> listen,
      Path zones,
      int maxUdpPayload,
      int udpThreads,
      Duration tcpIdleTimeout,
      int tcpMaxConnections,
      boolean watchZones) {
    this(listen, zones, maxUdpPayload, udpThreads, tcpIdleTimeout, tcpMaxConnections, watchZones,
        DnsForwarding.OFF, DnsRrlConfig.DEFAULT, DnsPools.none(), DnsTransferConfig.NONE);
  }

  public DnsConfig {
    listen = List.copyOf(listen);
    Objects.requireNonNull(zones, "zones");
    Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
    Objects.requireNonNull(forwarding, "forwarding");
    Objects.requireNonNull(rrl, "rrl");
    Objects.requireNonNull(pools, "pools");
    Objects.requireNonNull(transfer, "transfer");
  }

  /** This config with other forwarding settings. */
  public DnsConfig withForwarding(DnsForwarding other) {
    return new DnsConfig(listen, zones, maxUdpPayload, udpThreads, tcpIdleTimeout,
        tcpMaxConnections, watchZones, other, rrl, pools, transfer);
  }
}
