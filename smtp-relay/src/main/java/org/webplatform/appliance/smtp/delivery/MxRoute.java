package org.webplatform.appliance.smtp.delivery;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Where mail for one destination goes, or why it cannot go anywhere. The outcome of routing is a
 * value (style rule 4): a list of hosts in the order to try, a permanent failure (bounce), or a
 * temporary one (defer).
 */
public sealed interface MxRoute {

  /** One host to try: its name for logs and the addresses to connect to, in order. */
  record Host(String name, int preference, List<InetSocketAddress> addresses) {
    public Host {
      Objects.requireNonNull(name, "name");
      addresses = List.copyOf(addresses);
    }
  }

  /** Try these hosts in order (lowest preference first, RFC 5321 §5.1). */
  record Hosts(List<Host> hosts) implements MxRoute {
    public Hosts {
      hosts = List.copyOf(hosts);
    }
  }

  /** Bounce: e.g. NXDOMAIN (5.4.4), null MX (5.1.10, RFC 7505 §4.2), loops to us (5.4.6). */
  record Permanent(String status, String text) implements MxRoute {}

  /** Defer: e.g. DNS SERVFAIL or timeout (4.4.3). */
  record Temporary(String status, String text) implements MxRoute {}
}
