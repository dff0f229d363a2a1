package org.webplatform.appliance.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health-checked pools of the {@code dns:} section ({@code dns.pools}, {@code
 * dns.admin_state}): gdnsd's DYNA resources with their monitors and admin overrides.
 *
 * @param pools the pools by name, in config order
 * @param adminState the override file ({@code pool/address => UP|DOWN} lines) read at start,
 *     watched, and written by {@code appliance dns pool set}; it need not exist
 */
public record DnsPools(Map<String, DnsPool> pools, Path adminState) {
  /** gdnsd keeps its admin_state in its state directory; ours sits beside the graphs' rrd files. */
  public static final Path DEFAULT_ADMIN_STATE = Path.of("/var/lib/appliance/dns/admin_state");

  public DnsPools {
    pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
    Objects.requireNonNull(adminState, "adminState");
  }

  /** No pools (a config without {@code dns.pools}). */
  public static DnsPools none() {
    return new DnsPools(Map.of(), DEFAULT_ADMIN_STATE);
  }
}
