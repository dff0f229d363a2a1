package org.webplatform.appliance.dns;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.pool.Pools;
import org.webplatform.appliance.dns.zone.DynamicZones;
import org.webplatform.appliance.dns.zone.Zone;
import org.webplatform.appliance.dns.zone.ZoneSet;

/**
 * The zone snapshot the responder answers from: the zones as loaded, with the DYNA names given the
 * addresses their pools answer now (see {@link DynamicZones}). Rebuilt after every zone reload and
 * every change of a referenced pool's answer, and published with one reference swap, so a change
 * of health reaches the next query — the responder's memo belongs to a snapshot and starts afresh
 * with the new one. Without pools the loaded snapshot is served as it is.
 *
 * <p>The listener (NOTIFY to secondaries) hears of a reload's changes only once the snapshot with
 * them is served: a secondary told about a new serial must find it when it asks.
 *
 * <p>Thread-safe: {@link #current()} is a volatile read for the I/O threads; rebuilds (reload
 * thread, check threads, admin requests) are serialised and each reads the latest zones and pool
 * answers, so the last rebuild always reflects the latest of both.
 */
final class ServedZones {
  private static final Logger log = LoggerFactory.getLogger(ServedZones.class);

  private final ZoneReloader zones;
  private final Pools pools;
  private final AtomicReference<ZoneSet> served = new AtomicReference<>(ZoneSet.EMPTY);
  private final Object lock = new Object();
  private volatile ZoneReloader.Listener listener = (changes, served) -> {};

  ServedZones(ZoneReloader zones, Pools pools) {
    this.zones = zones;
    this.pools = pools;
    zones.listener(this::loadedChanged);
  }

  /**
   * Replaces the listener told, on the reloading thread, about the changes of a reload once they
   * are served; one at a time.
   */
  void listener(ZoneReloader.Listener listener) {
    this.listener = listener;
  }

  /** The snapshot to answer from; cheap, for every query. */
  ZoneSet current() {
    return served.get();
  }

  /** Reloads the zone files; a change rebuilds the served snapshot, then tells the listener. */
  void reload() {
    zones.reload();
  }

  private void loadedChanged(List<ZoneChange> changes, ZoneSet loaded) {
    rebuild();
    listener.changed(changes, current());
  }

  /** A pool's answer changed: rebuilds when a served zone names the pool. */
  void poolChanged(String pool) {
    for (Zone zone : zones.current().zones()) {
      if (zone.dynamic().stream().anyMatch(entry -> entry.pool().equals(pool))) {
        rebuild();
        return;
      }
    }
  }

  void rebuild() {
    synchronized (lock) {
      ZoneSet loaded = zones.current();
      try {
        served.set(pools.isEmpty() ? loaded : DynamicZones.materialise(loaded, pools::answer));
      } catch (RuntimeException e) {
        // Never on a query thread; the previous snapshot keeps serving.
        log.error("pool answers not applied, previous data kept error=\"{}\"", e.toString(), e);
      }
    }
  }
}
