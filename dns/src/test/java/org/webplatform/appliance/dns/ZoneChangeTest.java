package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.ZoneChange.Kind;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;

class ZoneChangeTest {
  @TempDir Path dir;

  private static String zone(String origin, long serial, String address) {
    return "$ORIGIN "
        + origin
        + ".\n$TTL 60\n"
        + "@ IN SOA ns1 hostmaster "
        + serial
        + " 3600 600 86400 60\n"
        + "  IN NS ns1\nns1 IN A "
        + address
        + "\n";
  }

  private ZoneSet load(ZoneSet previous) {
    return ZoneDirectory.load(dir, previous).zones();
  }

  @Test
  void addedChangedRemovedAndUntouchedZonesAreTold() throws Exception {
    Files.writeString(dir.resolve("a.test"), zone("a.test", 1, "192.0.2.1"));
    Files.writeString(dir.resolve("b.test"), zone("b.test", 5, "192.0.2.2"));
    Files.writeString(dir.resolve("c.test"), zone("c.test", 7, "192.0.2.3"));
    ZoneSet before = load(ZoneSet.EMPTY);

    Files.writeString(dir.resolve("a.test"), zone("a.test", 2, "192.0.2.11"));
    Files.delete(dir.resolve("b.test"));
    Files.writeString(dir.resolve("d.test"), zone("d.test", 9, "192.0.2.4"));
    ZoneSet after = load(before);

    assertEquals(
        List.of(
            new ZoneChange(Kind.CHANGED, "a.test.", 1, 2),
            new ZoneChange(Kind.REMOVED, "b.test.", 5, -1),
            new ZoneChange(Kind.ADDED, "d.test.", -1, 9)),
        ZoneChange.between(before, after));
  }

  @Test
  void reloadOfUnchangedFilesIsNoChange() throws Exception {
    Files.writeString(dir.resolve("a.test"), zone("a.test", 1, "192.0.2.1"));
    ZoneSet before = load(ZoneSet.EMPTY);

    assertEquals(List.of(), ZoneChange.between(before, load(before)));
  }

  @Test
  void newDataUnderTheSameSerialStillCountsAsChanged() throws Exception {
    Files.writeString(dir.resolve("a.test"), zone("a.test", 1, "192.0.2.1"));
    ZoneSet before = load(ZoneSet.EMPTY);
    Files.writeString(dir.resolve("a.test"), zone("a.test", 1, "192.0.2.222"));

    assertEquals(
        List.of(new ZoneChange(Kind.CHANGED, "a.test.", 1, 1)),
        ZoneChange.between(before, load(before)));
  }
}
