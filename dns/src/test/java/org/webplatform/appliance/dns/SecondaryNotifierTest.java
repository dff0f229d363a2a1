package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.ZoneChange.Kind;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;

/** Which reloads make secondaries hear about a zone. */
class SecondaryNotifierTest {
  @TempDir Path dir;

  private final List<String> announced = new ArrayList<>();
  private final SecondaryNotifier notifier =
      new SecondaryNotifier(zone -> announced.add(zone.origin() + " " + zone.serial()));

  private ZoneSet zones(long serialA, long serialB) throws Exception {
    for (String name : List.of("a.test", "b.test")) {
      long serial = name.equals("a.test") ? serialA : serialB;
      Files.writeString(
          dir.resolve(name),
          "$ORIGIN " + name + ".\n$TTL 60\n@ IN SOA ns1 hostmaster " + serial
              + " 3600 600 86400 60\n  IN NS ns1\nns1 IN A 192.0.2.1\n");
    }
    return ZoneDirectory.load(dir, ZoneSet.EMPTY).zones();
  }

  @Test
  void everyZoneIsAnnouncedOnceServingAndNothingBefore() throws Exception {
    ZoneSet zones = zones(1, 5);
    notifier.changed(List.of(new ZoneChange(Kind.ADDED, "a.test.", -1, 1)), zones);
    assertEquals(List.of(), announced, "not serving yet: the start announces everything");

    notifier.serving(zones);

    assertEquals(List.of("a.test. 1", "b.test. 5"), announced.stream().sorted().toList());
  }

  @Test
  void onlyAddedZonesAndChangedSerialsAreAnnounced() throws Exception {
    notifier.serving(ZoneSet.EMPTY);
    ZoneSet zones = zones(2, 5);

    notifier.changed(
        List.of(
            new ZoneChange(Kind.CHANGED, "a.test.", 1, 2),
            new ZoneChange(Kind.CHANGED, "b.test.", 5, 5),
            new ZoneChange(Kind.REMOVED, "c.test.", 9, -1)),
        zones);
    notifier.changed(List.of(new ZoneChange(Kind.ADDED, "b.test.", -1, 5)), zones);

    assertEquals(List.of("a.test. 2", "b.test. 5"), announced);
  }

  @Test
  void serialThatWentBackwardsIsStillAnnounced() throws Exception {
    notifier.serving(ZoneSet.EMPTY);

    notifier.changed(List.of(new ZoneChange(Kind.CHANGED, "a.test.", 7, 2)), zones(2, 5));

    assertEquals(List.of("a.test. 2"), announced);
  }
}
