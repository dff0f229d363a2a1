package org.webplatform.appliance.dns.forward;

import java.net.InetSocketAddress;
import org.webplatform.appliance.config.HostPort;

/**
 * One configured upstream server.
 *
 * @param index its place in {@code dns.forwarders}, the order it is tried in
 * @param label the address as the config and the metrics write it ({@code 127.0.0.1:5300})
 */
record Upstream(int index, InetSocketAddress address, String label) {

  static Upstream of(int index, InetSocketAddress address) {
    return new Upstream(index, address, HostPort.format(address));
  }
}
