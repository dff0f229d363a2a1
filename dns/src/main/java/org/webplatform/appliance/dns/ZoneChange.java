package org.webplatform.appliance.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.webplatform.appliance.dns.zone.Zone;
import org.webplatform.appliance.dns.zone.ZoneSet;

/**
 * How one zone differs between two snapshots.
 *
 * @param previousSerial the serial before, or -1 when the zone was added
 * @param serial the serial after, or -1 when the zone was removed
 */
record ZoneChange(Kind kind, String zone, long previousSerial, long serial) {

  enum Kind {
    ADDED,
    CHANGED,
    REMOVED
  }

  /**
   * Zones added, reloaded from changed files, or removed, sorted by zone name. A zone counts as
   * changed when the loader built a new object for it, even with the same serial: the loader reuses
   * the object of a zone whose files did not change.
   */
  static List<ZoneChange> between(ZoneSet before, ZoneSet after) {
    List<ZoneChange> changes = new ArrayList<>();
    for (Zone zone : after.zones()) {
      Zone old = before.zone(zone.origin());
      if (old == null) {
        changes.add(new ZoneChange(Kind.ADDED, label(zone), -1, zone.serial()));
      } else if (old != zone) {
        changes.add(new ZoneChange(Kind.CHANGED, label(zone), old.serial(), zone.serial()));
      }
    }
    for (Zone zone : before.zones()) {
      if (after.zone(zone.origin()) == null) {
        changes.add(new ZoneChange(Kind.REMOVED, label(zone), zone.serial(), -1));
      }
    }
    changes.sort(Comparator.comparing(ZoneChange::zone));
    return changes;
  }

  /** The zone name as shown in logs and metric labels: absolute, lower case. */
  static String label(Zone zone) {
    return zone.origin().toString();
  }
}
