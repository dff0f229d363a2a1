package org.webplatform.appliance.rsync.module;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.webplatform.appliance.config.Cidr;

/** A module's hosts_allow / hosts_deny: deny wins; an empty allow list allows everyone else. */
public final class HostAccess {
  private final List<Cidr> allow;
  private final List<Cidr> deny;

  public HostAccess(List<Cidr> allow, List<Cidr> deny) {
    this.allow = List.copyOf(allow);
    this.deny = List.copyOf(deny);
  }

  public boolean allowed(InetAddress peer) {
    InetAddress address = unmapped(peer);
    for (Cidr c : deny) {
      if (c.contains(address)) {
        return false;
      }
    }
    if (allow.isEmpty()) {
      return true;
    }
    for (Cidr c : allow) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** An IPv4-mapped IPv6 peer (::ffff:a.b.c.d on a dual-stack socket) counts as IPv4. */
  static InetAddress unmapped(InetAddress a) {
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int i = 0; i < 10 && mapped; i++) {
        mapped = b[i] == 0;
      }
      if (mapped) {
        try {
          return Inet4Address.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
          return a;
        }
      }
    }
    return a;
  }
}
