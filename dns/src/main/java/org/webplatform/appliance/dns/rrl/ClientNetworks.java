package org.webplatform.appliance.dns.rrl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.webplatform.appliance.config.Cidr;

/**
 * Groups client addresses into the networks that share a rate limit ({@code /24} and {@code /56}
 * by default, as Knot and BIND: one host can own that much address space) and recognises the
 * exempt networks. An address is handled as two {@code long}s, the IPv4 address in the low 32
 * bits of the second, so that masking and comparing allocate nothing. Immutable.
 */
final class ClientNetworks {
  private final int ipv4Prefix;
  private final int ipv6Prefix;
  private final long ipv4Mask;
  private final long ipv6MaskHigh;
  private final long ipv6MaskLow;
  private final boolean[] exemptIpv6;
  private final long[] exemptHigh;
  private final long[] exemptLow;
  private final long[] exemptMaskHigh;
  private final long[] exemptMaskLow;

  ClientNetworks(int ipv4Prefix, int ipv6Prefix, List<Cidr> exempt) {
    this.ipv4Prefix = ipv4Prefix;
    this.ipv6Prefix = ipv6Prefix;
    this.ipv4Mask = maskLow(4, ipv4Prefix);
    this.ipv6MaskHigh = maskHigh(16, ipv6Prefix);
    this.ipv6MaskLow = maskLow(16, ipv6Prefix);
    int n = exempt.size();
    exemptIpv6 = new boolean[n];
    exemptHigh = new long[n];
    exemptLow = new long[n];
    exemptMaskHigh = new long[n];
    exemptMaskLow = new long[n];
    for (int i = 0; i < n; i++) {
      byte[] raw = exempt.get(i).network().getAddress();
      int prefix = exempt.get(i).prefixLength();
      exemptIpv6[i] = raw.length == 16;
      exemptMaskHigh[i] = maskHigh(raw.length, prefix);
      exemptMaskLow[i] = maskLow(raw.length, prefix);
      exemptHigh[i] = high(raw) & exemptMaskHigh[i];
      exemptLow[i] = low(raw) & exemptMaskLow[i];
    }
  }

  /**
   * True when the address is inside an exempt network of its family.
   *
   * @param high the upper 64 bits of an IPv6 address, 0 for IPv4
   * @param low the lower 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits
   */
  boolean exempt(boolean ipv6, long high, long low) {
    for (int i = 0; i < exemptIpv6.length; i++) {
      if (exemptIpv6[i] == ipv6
          && (high & exemptMaskHigh[i]) == exemptHigh[i]
          && (low & exemptMaskLow[i]) == exemptLow[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The upper 64 bits of the client's network (0 for IPv4), the address given as in {@link
   * #exempt(boolean, long, long)}.
   */
  long networkHigh(boolean ipv6, long high) {
    return ipv6 ? high & ipv6MaskHigh : 0;
  }

  /**
   * The lower 64 bits of the client's network (the IPv4 network in the low 32 bits), the address
   * given as in {@link #exempt(boolean, long, long)}.
   */
  long networkLow(boolean ipv6, long low) {
    return low & (ipv6 ? ipv6MaskLow : ipv4Mask);
  }

  /** The client's network in CIDR notation, for log lines: {@code 203.0.113.0/24}. */
  String networkText(byte[] raw) {
    boolean ipv6 = raw.length == 16;
    byte[] network = new byte[raw.length];
    long high = networkHigh(ipv6, high(raw));
    long low = networkLow(ipv6, low(raw));
    for (int i = network.length - 1; i >= 0; i--) {
      boolean upper = ipv6 && i < 8;
      network[i] = (byte) (upper ? high : low);
      if (upper) {
        high >>>= 8;
      } else {
        low >>>= 8;
      }
    }
    String text;
    try {
      text = InetAddress.getByAddress(network).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + raw.length + " octets", e);
    }
    return (ipv6 ? compressed(text) : text) + "/" + (ipv6 ? ipv6Prefix : ipv4Prefix);
  }

  /** RFC 5952 §4.2: the longest run of two or more zero groups becomes {@code ::}. */
  static String compressed(String fullIpv6) {
    String[] groups = fullIpv6.split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestStart < 0) {
      return fullIpv6;
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, 8));
    return head + "::" + tail;
  }

  /** The upper 64 bits of an address of 4 or 16 octets (0 for IPv4). */
  static long high(byte[] raw) {
    return raw.length == 16 ? bigEndian(raw, 0, 8) : 0;
  }

  /** The lower 64 bits of an address of 4 or 16 octets (an IPv4 address in the low 32). */
  static long low(byte[] raw) {
    return raw.length == 16 ? bigEndian(raw, 8, 8) : bigEndian(raw, 0, 4);
  }

  private static long bigEndian(byte[] raw, int from, int count) {
    long value = 0;
    for (int i = from; i < from + count; i++) {
      value = (value << 8) | (raw[i] & 0xFF);
    }
    return value;
  }

  /** Mask of the upper 64 bits for a prefix of an address of {@code length} octets. */
  private static long maskHigh(int length, int prefix) {
    if (length != 16) {
      return 0;
    }
    return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
  }

  /** Mask of the lower 64 bits (for IPv4: of the 32 bits stored there). */
  private static long maskLow(int length, int prefix) {
    if (length != 16) {
      return prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }
    return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
  }
}
