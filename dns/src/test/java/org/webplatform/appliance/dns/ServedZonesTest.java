package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.DnsPools;
import org.webplatform.appliance.dns.pool.Pools;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.Name;

/**
 * The listener of {@link ServedZones} (NOTIFY to secondaries) hears of a reload only once the
 * snapshot with its changes is the one served: a secondary told about a new serial must find it.
 */
class ServedZonesTest {
  private static final Name ZONE = Name.fromConstantString("reload.internal.");

  @TempDir Path dir;

  @Test
  void listenerIsToldAfterTheChangedSnapshotIsServed() throws Exception {
    ZoneReloader loaded = new ZoneReloader(dir);
    ServedZones served =
        new ServedZones(loaded, new Pools(DnsPools.none(), Clock.systemUTC(), pool -> {}));
    List<Long> servedSerials = new ArrayList<>();
    List<ZoneSet> told = new ArrayList<>();
    served.listener(
        (changes, zones) -> {
          told.add(zones);
          servedSerials.add(served.current().zone(ZONE).serial());
        });

    Files.writeString(dir.resolve("reload.internal"), ZoneReloadTest.reloadZone(1, "192.0.2.1"));
    served.reload();
    Files.writeString(dir.resolve("reload.internal"), ZoneReloadTest.reloadZone(2, "192.0.2.22"));
    served.reload();
    served.reload(); // unchanged: nobody is told

    assertEquals(List.of(1L, 2L), servedSerials);
    assertSame(served.current(), told.get(1));
  }
}
