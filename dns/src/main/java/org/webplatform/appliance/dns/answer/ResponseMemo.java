package org.webplatform.appliance.dns.answer;

import java.util.concurrent.ConcurrentHashMap;
import org.webplatform.appliance.dns.zone.ZoneSet;

/**
 * Pre-encoded responses for one {@link ZoneSet} snapshot, filled lazily by the general path
 * (notes §5.1): since the general path is a pure function of the snapshot and the {@link MemoKey},
 * its result can be replayed for every later query with the same key. Bounded: wildcard and
 * NXDOMAIN names are unbounded, so once {@code capacity} entries exist no more are added (such
 * queries keep taking the general path until the next snapshot). Thread-safe and lock-free for
 * readers.
 */
final class ResponseMemo {
  private final ZoneSet zones;
  private final int capacity;
  private final ConcurrentHashMap<MemoKey, MemoEntry> entries;

  ResponseMemo(ZoneSet zones, int capacity) {
    this.zones = zones;
    this.capacity = capacity;
    this.entries = new ConcurrentHashMap<>(Math.min(capacity, 4096));
  }

  ZoneSet zones() {
    return zones;
  }

  MemoEntry get(MemoKey probe) {
    return entries.get(probe);
  }

  void put(MemoKey probe, Outcome outcome) {
    if (entries.size() < capacity) {
      entries.putIfAbsent(probe.copy(), MemoEntry.of(outcome));
    }
  }

  int size() {
    return entries.size();
  }
}
