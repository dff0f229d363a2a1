package org.webplatform.appliance.dns.zone;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;

/**
 * A zone file's {@code DYNA} record (gdnsd's dynamic address record): {@code owner [TTL] [IN]
 * DYNA pool}. The name answers A and AAAA queries with the addresses the pool currently chooses;
 * the zone keeps the entry, not addresses (see {@link DynamicZones}).
 *
 * @param owner the owner name in lower case
 * @param pool the name of a pool of {@code dns.pools}
 * @param ttl the TTL written on the line, which then replaces the pool's; empty when the line has
 *     none ({@code $TTL} does not apply: pool answers keep their short TTL)
 */
public record DynaEntry(Name owner, String pool, OptionalLong ttl, Path file, int line) {
  /** The type mnemonic in zone files. */
  static final String TYPE = "DYNA";

  private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  /** Parses the RDATA of a DYNA line: exactly one pool name. */
  static DynaEntry parse(
      Name owner, Long ttl, List<MasterToken> rdata, Path file, int line) {
    if (rdata.size() != 1) {
      throw new IllegalArgumentException(
          "DYNA takes one argument, the pool name (dns.pools), got " + rdata.size());
    }
    String pool = rdata.get(0).text();
    if (pool.contains("!")) {
      throw new IllegalArgumentException(
          "DYNA " + pool + ": gdnsd's plugin!resource form is not used here; write the pool name"
              + " alone, its mode is set in dns.pools");
    }
    if (!POOL_NAME.matcher(pool).matches()) {
      throw new IllegalArgumentException("DYNA " + pool + ": not a pool name");
    }
    return new DynaEntry(
        owner.canonicalize(),
        pool,
        ttl == null ? OptionalLong.empty() : OptionalLong.of(ttl),
        file,
        line);
  }
}
