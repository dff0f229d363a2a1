package org.webplatform.appliance.dns.pool;

import java.net.InetAddress;
import org.webplatform.appliance.config.HostPort;

/** A pool member as override lines and the admin CLI name it: {@code pool/address}. */
record MemberKey(String pool, InetAddress address) {
  @Override
  public String toString() {
    return pool + "/" + HostPort.address(address);
  }
}
