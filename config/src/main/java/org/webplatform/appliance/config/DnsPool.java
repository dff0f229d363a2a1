package org.webplatform.appliance.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One pool of {@code dns.pools}: addresses answered for the names that reference it (zone-file
 * {@code DYNA} records), chosen by health.
 *
 * @param name the pool name used in zone files, overrides and metric labels
 * @param mode how the healthy addresses become an answer
 * @param ttl TTL of the answers (short: clients must see a failover soon)
 * @param members the addresses in config order, which is the failover priority; IPv4 members
 *     answer A queries, IPv6 members AAAA queries
 * @param failoverCount mode failover: how many healthy addresses per family are answered
 * @param monitor the health check run against every member
 */
public record DnsPool(
    String name,
    Mode mode,
    Duration ttl,
    List<Member> members,
    int failoverCount,
    DnsPoolMonitor monitor) {

  public DnsPool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(ttl, "ttl");
    members = List.copyOf(members);
    Objects.requireNonNull(monitor, "monitor");
  }

  /** How a pool answers. */
  public enum Mode {
    /** The first healthy address(es) of each family in config order (gdnsd simplefo/multifo). */
    FAILOVER,
    /** Every healthy address, in an order rotated per query (gdnsd multifo). */
    ROUND_ROBIN,
    /** One healthy address per family, picked per query with probability weight/sum (weighted). */
    WEIGHTED;

    /** The config spelling: {@code failover}, {@code round_robin}, {@code weighted}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One address of a pool.
   *
   * @param weight relative share of the answers in mode weighted (1 otherwise)
   */
  public record Member(InetAddress address, int weight) {
    public Member {
      Objects.requireNonNull(address, "address");
    }
  }
}
