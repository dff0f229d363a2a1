package org.webplatform.appliance.dns;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.transfer.NotifySender;
import org.webplatform.appliance.dns.transfer.Serials;
import org.webplatform.appliance.dns.zone.Zone;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Decides which zones the {@code also_notify} secondaries hear about: every zone once the role
 * serves (NSD and BIND notify at start too, so a secondary catches up with edits made while we
 * were down), then each zone added, or reloaded with a different serial. A zone reloaded with the
 * same serial is not announced: a secondary would find nothing new. A serial that went backwards
 * is announced but logged, since secondaries keep their newer copy (RFC 1982).
 */
final class SecondaryNotifier implements ZoneReloader.Listener {
  private static final Logger log = LoggerFactory.getLogger(SecondaryNotifier.class);

  private final Consumer<Zone> sender;
  private volatile boolean serving;

  /** @param sender announces one zone to every secondary ({@link NotifySender#notify(Zone)}) */
  SecondaryNotifier(Consumer<Zone> sender) {
    this.sender = sender;
  }

  /**
   * Announces every zone of {@code zones}; changes seen before this call are covered by it, so
   * call it with the snapshot read after the listener was registered.
   */
  void serving(ZoneSet zones) {
    serving = true;
    for (Zone zone : zones.zones()) {
      sender.accept(zone);
    }
  }

  @Override
  public void changed(List<ZoneChange> changes, ZoneSet zones) {
    if (!serving) {
      return;
    }
    for (ZoneChange change : changes) {
      if (change.kind() == ZoneChange.Kind.REMOVED
          || (change.kind() == ZoneChange.Kind.CHANGED
              && change.serial() == change.previousSerial())) {
        continue;
      }
      if (change.kind() == ZoneChange.Kind.CHANGED
          && !Serials.atLeast(change.serial(), change.previousSerial())) {
        log.warn(
            "zone serial went backwards zone={} serial={} previous_serial={}: secondaries keep"
                + " their copy until the serial passes the old one (RFC 1982)",
            change.zone(),
            change.serial(),
            change.previousSerial());
      }
      Zone zone = zones.zone(name(change.zone()));
      if (zone != null) {
        sender.accept(zone);
      }
    }
  }

  private static Name name(String label) {
    try {
      return Name.fromString(label);
    } catch (TextParseException e) {
      throw new IllegalStateException("zone label " + label + " is not a name", e);
    }
  }
}
