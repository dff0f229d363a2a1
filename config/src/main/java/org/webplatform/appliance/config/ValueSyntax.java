package org.webplatform.appliance.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the value types of the config file. Each throws {@link IllegalArgumentException}
 * with a message that completes "key: ...". Addresses must be literals: a config check never
 * depends on DNS (the appliance may be the DNS server itself).
 */
final class ValueSyntax {
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|kB|KiB|MB|MiB|GB|GiB)?");

  private ValueSyntax() {}

  /** An IPv4 or IPv6 literal (IPv6 without brackets). */
  static InetAddress ipLiteral(String text) {
    Matcher v4 = IPV4.matcher(text);
    if (v4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(v4.group(i)) > 255) {
          throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
      }
    } else if (!IPV6.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IP address (host names are not accepted here)");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException | IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address");
    }
  }

  /** {@code 127.0.0.1:53}, {@code [::1]:53}. */
  static InetSocketAddress socketAddress(String text) {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an address: write IPv6 as [addr]:port");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
      if (!host.contains(":")) {
        throw new IllegalArgumentException("'" + host + "' in brackets is not an IPv6 address");
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0 || text.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an address: expected host:port, IPv6 as [addr]:port");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    return new InetSocketAddress(ipLiteral(host), port(port, text));
  }

  private static int port(String port, String whole) {
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException("'" + whole + "' has no valid port (0-65535)");
    }
    return Integer.parseInt(port);
  }

  /** {@code 10.0.0.0/8}, {@code fd00::/8}; a bare address means a single host. */
  static Cidr cidr(String text) {
    int slash = text.indexOf('/');
    InetAddress address = ipLiteral(slash < 0 ? text : text.substring(0, slash));
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String len = text.substring(slash + 1);
      if (!len.matches("\\d{1,3}") || Integer.parseInt(len) > bits) {
        throw new IllegalArgumentException(
            "'" + text + "' has an invalid prefix length (0-" + bits + ")");
      }
      prefix = Integer.parseInt(len);
    }
    try {
      return new Cidr(address, prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 5d}. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (a number with a unit: ms, s, m, h, d; e.g. 30s)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** {@code 10240000}, {@code 512KiB}, {@code 10MiB}, {@code 10MB}, {@code 1GiB}: bytes. */
  static long size(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (bytes, or a number with B, kB, KiB, MB, MiB, GB, GiB)");
    }
    long n = Long.parseLong(m.group(1));
    long unit =
        m.group(2) == null
            ? 1
            : switch (m.group(2)) {
              case "kB" -> 1000L;
              case "KiB" -> 1024L;
              case "MB" -> 1000_000L;
              case "MiB" -> 1024L * 1024;
              case "GB" -> 1000_000_000L;
              case "GiB" -> 1024L * 1024 * 1024;
              default -> 1L;
            };
    return Math.multiplyExact(n, unit);
  }
}
