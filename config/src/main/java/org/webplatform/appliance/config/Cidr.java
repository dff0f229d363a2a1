package org.webplatform.appliance.config;

import java.net.InetAddress;
import java.util.Objects;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 10.0.0.0/8}. */
public record Cidr(InetAddress network, int prefixLength) {

  public Cidr {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " not in 0.." + bits);
    }
    byte[] raw = network.getAddress();
    for (int bit = prefixLength; bit < bits; bit++) {
      if ((raw[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw new IllegalArgumentException(
            "host bits set in " + network.getHostAddress() + "/" + prefixLength);
      }
    }
  }

  /** True when {@code address} is of the same family and inside this network. */
  public boolean contains(InetAddress address) {
    byte[] net = network.getAddress();
    byte[] candidate = address.getAddress();
    if (net.length != candidate.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (net[i] != candidate[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (net[full] & mask) == (candidate[full] & mask);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }
}
