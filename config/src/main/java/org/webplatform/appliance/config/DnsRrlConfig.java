package org.webplatform.appliance.config;

import java.util.List;

/**
 * The {@code dns.rrl:} section: response rate limiting for UDP, as NSD's and Knot's RRL (the
 * Vixie/Schryver design). Responses to one client network are counted per response class and
 * name; over the limit, every {@code slip}-th response goes out truncated (the client can retry
 * over TCP, which is never limited) and the others are dropped.
 *
 * @param enabled false turns RRL off for everyone
 * @param responsesPerSecond responses allowed per second for one (client network, class, name)
 *     bucket, with a burst of one second's worth
 * @param slip every slip-th limited response is sent as an empty TC=1 answer; 0 drops all, 1
 *     truncates all
 * @param ipv4Prefix IPv4 clients are grouped by this prefix length
 * @param ipv6Prefix IPv6 clients are grouped by this prefix length
 * @param tableSize buckets of the rate table (rounded up to a power of two): the memory bound
 * @param exempt client networks never limited; by default the loopback and private networks
 */
public record DnsRrlConfig(
    boolean enabled,
    int responsesPerSecond,
    int slip,
    int ipv4Prefix,
    int ipv6Prefix,
    int tableSize,
    List<Cidr> exempt) {

  /** Loopback, RFC 1918 and RFC 4193 networks: the platform's own clients are never limited. */
  public static final List<Cidr> INTERNAL_NETWORKS =
      List.of(
          ValueSyntax.cidr("127.0.0.0/8"),
          ValueSyntax.cidr("::1/128"),
          ValueSyntax.cidr("10.0.0.0/8"),
          ValueSyntax.cidr("172.16.0.0/12"),
          ValueSyntax.cidr("192.168.0.0/16"),
          ValueSyntax.cidr("fc00::/7"));

  /** NSD's rrl-ratelimit: the same bucket key (network, class, name) as ours. */
  public static final int DEFAULT_RESPONSES_PER_SECOND = 200;

  /** NSD's and BIND's default: half of the limited responses slip, half are dropped. */
  public static final int DEFAULT_SLIP = 2;

  /** NSD's rrl-size is 1,000,000 buckets; rounded up, 2^20 buckets of 8 octets (8 MiB). */
  public static final int DEFAULT_TABLE_SIZE = 1_000_000;

  /** What an absent {@code dns.rrl} section means. */
  public static final DnsRrlConfig DEFAULT =
      new DnsRrlConfig(
          true,
          DEFAULT_RESPONSES_PER_SECOND,
          DEFAULT_SLIP,
          24,
          56,
          DEFAULT_TABLE_SIZE,
          INTERNAL_NETWORKS);

  public DnsRrlConfig {
    exempt = List.copyOf(exempt);
    if (responsesPerSecond < 1) {
      throw new IllegalArgumentException(
          "responsesPerSecond: must be at least 1, was " + responsesPerSecond);
    }
    if (slip < 0) {
      throw new IllegalArgumentException("slip: must not be negative, was " + slip);
    }
    if (ipv4Prefix < 0 || ipv4Prefix > 32 || ipv6Prefix < 0 || ipv6Prefix > 128) {
      throw new IllegalArgumentException(
          "prefix lengths: " + ipv4Prefix + "/" + ipv6Prefix + " not in 0..32/0..128");
    }
    if (tableSize < 1) {
      throw new IllegalArgumentException("tableSize: must be at least 1, was " + tableSize);
    }
  }
}
