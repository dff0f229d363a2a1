package org.webplatform.appliance.config;

import java.util.List;

/**
 * Reads {@code dns.rrl}. Ranges: slip 0–10 as BIND's; prefixes no wider than /8 (IPv4) and /16
 * (IPv6), wider would lump unrelated networks into one bucket; the rate up to 100,000 responses
 * per second (beyond that one bucket is a flood already); the table between 1,024 buckets and
 * 16,777,216 (128 MiB).
 */
final class DnsRrlSection {
  static final int MIN_TABLE_SIZE = 1024;
  static final int MAX_TABLE_SIZE = 1 << 24;

  private DnsRrlSection() {}

  static DnsRrlConfig read(YamlMapping m) {
    DnsRrlConfig d = DnsRrlConfig.DEFAULT;
    boolean enabled = m.bool("enabled", d.enabled());
    int rate = m.integer("responses_per_second", d.responsesPerSecond(), 1, 100_000);
    int slip = m.integer("slip", d.slip(), 0, 10);
    int ipv4Prefix = m.integer("ipv4_prefix", d.ipv4Prefix(), 8, 32);
    int ipv6Prefix = m.integer("ipv6_prefix", d.ipv6Prefix(), 16, 128);
    int tableSize = m.integer("table_size", d.tableSize(), MIN_TABLE_SIZE, MAX_TABLE_SIZE);
    List<Cidr> exempt = m.list("exempt", d.exempt(), ValueSyntax::cidr, "networks (CIDR)");
    m.finish();
    return new DnsRrlConfig(enabled, rate, slip, ipv4Prefix, ipv6Prefix, tableSize, exempt);
  }
}
