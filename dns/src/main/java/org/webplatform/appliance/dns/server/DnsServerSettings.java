package org.webplatform.appliance.dns.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.webplatform.appliance.config.DnsConfig;

/**
 * What the transport needs to know.
 *
 * @param listen addresses served over both UDP and TCP; port 0 picks one free port per address, the
 *     same for UDP and TCP
 * @param udpThreads event loops for UDP; each gets one SO_REUSEPORT socket per listen address
 * @param tcpIdleTimeout a connection without a complete query for this long is closed (RFC 7766
 *     §6.2.3)
 * @param tcpFirstQueryTimeout a new connection must deliver its first complete query within this
 *     time (slowloris defence); at most {@code tcpIdleTimeout}
 * @param tcpMaxConnections open TCP connections at most, all listen addresses together
 * @param ioTransport native epoll or portable NIO
 */
public record DnsServerSettings(
    List<InetSocketAddress> listen,
    int udpThreads,
    Duration tcpIdleTimeout,
    Duration tcpFirstQueryTimeout,
    int tcpMaxConnections,
    IoTransport ioTransport) {

  /**
   * A client that connects sends its query at once; a few seconds is generous (RFC 7766 §6.2.3).
   */
  static final Duration DEFAULT_FIRST_QUERY_TIMEOUT = Duration.ofSeconds(3);

  public DnsServerSettings {
    listen = List.copyOf(listen);
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("listen: at least one address is required");
    }
    for (InetSocketAddress address : listen) {
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("listen: " + address + " is not an IP address");
      }
    }
    if (udpThreads < 1) {
      throw new IllegalArgumentException("udpThreads: must be at least 1, was " + udpThreads);
    }
    if (tcpMaxConnections < 1) {
      throw new IllegalArgumentException(
          "tcpMaxConnections: must be at least 1, was " + tcpMaxConnections);
    }
    requirePositive(tcpIdleTimeout, "tcpIdleTimeout");
    requirePositive(tcpFirstQueryTimeout, "tcpFirstQueryTimeout");
    if (tcpFirstQueryTimeout.compareTo(tcpIdleTimeout) > 0) {
      tcpFirstQueryTimeout = tcpIdleTimeout;
    }
    Objects.requireNonNull(ioTransport, "ioTransport");
  }

  /** The settings of the {@code dns:} config section, on the best transport of this machine. */
  public static DnsServerSettings from(DnsConfig config) {
    return new DnsServerSettings(
        config.listen(),
        config.udpThreads(),
        config.tcpIdleTimeout(),
        DEFAULT_FIRST_QUERY_TIMEOUT,
        config.tcpMaxConnections(),
        IoTransport.best());
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + ": must be positive, was " + duration);
    }
  }
}
