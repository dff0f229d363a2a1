package org.webplatform.appliance.dns.zone;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.Name;

/**
 * An immutable snapshot of every zone served. Publish a new snapshot to change data; readers
 * never see a partly loaded set. Thread-safe.
 */
public final class ZoneSet {
  public static final ZoneSet EMPTY = new ZoneSet(Map.of());

  private final Map<Name, Zone> zones;
  private final Map<String, Long> serials;

  ZoneSet(Map<Name, Zone> zones) {
    this.zones = Collections.unmodifiableMap(new HashMap<>(zones));
    Map<String, Long> serialMap = new TreeMap<>();
    for (Zone zone : zones.values()) {
      serialMap.put(zone.origin().toString(), zone.serial());
    }
    this.serials = Collections.unmodifiableMap(serialMap);
  }

  /** Zone name (lower case, absolute, e.g. {@code example.org.}) to its SOA serial. */
  public Map<String, Long> serials() {
    return serials;
  }

  /**
   * The zone that is authoritative for {@code name}: the one with the longest origin that is a
   * suffix of it, so a child zone served here wins over its parent. Null when none.
   */
  public Zone findZone(Name name) {
    int labels = name.labels();
    for (int strip = 0; strip < labels; strip++) {
      Zone zone = zones.get(strip == 0 ? name : new Name(name, strip));
      if (zone != null) {
        return zone;
      }
    }
    return null;
  }

  /** The zone named exactly {@code origin}, or null. */
  public Zone zone(Name origin) {
    return zones.get(origin);
  }

  public Collection<Zone> zones() {
    return zones.values();
  }

  public int size() {
    return zones.size();
  }
}
