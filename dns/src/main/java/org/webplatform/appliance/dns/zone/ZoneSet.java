package org.webplatform.appliance.dns.zone;

import java.util.Map;

/** An immutable snapshot of every zone served. (STUB: implementation in progress.) */
public final class ZoneSet {
  public static final ZoneSet EMPTY = new ZoneSet();

  /** Zone name (lower case, absolute, e.g. {@code example.org.}) to its SOA serial. */
  public Map<String, Long> serials() {
    return Map.of();
  }
}
