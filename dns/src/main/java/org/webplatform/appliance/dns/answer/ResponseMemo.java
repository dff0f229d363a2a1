package org.webplatform.appliance.dns.answer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.webplatform.appliance.dns.zone.ZoneSet;

/**
 * Pre-encoded responses for one {@link ZoneSet} snapshot, filled lazily by the general path
 * (notes §5.1): since the general path is a pure function of the snapshot and the {@link MemoKey},
 * its result can be replayed for every later query with the same key. Bounded: wildcard and
 * NXDOMAIN names are unbounded, so once {@code capacity} entries exist no more are added (such
 * queries keep taking the general path until the next snapshot).
 *
 * <p>A flat open-addressed table of {@link MemoRecord}s with linear probing, at most half full: a
 * hit costs the slot load and the record's own lines, where a {@code ConcurrentHashMap} walked
 * table, node, key, name, entry and image (six dependent loads, each a likely cache miss after a
 * trip through the kernel). Records are never removed or replaced, and a new snapshot starts a new
 * memo, so readers need no lock: a record is published into its slot with release semantics and
 * read with acquire, and a grown table replaces the old one through a volatile field. Writers
 * (misses only, bounded by {@code capacity}) take this object's lock. Thread-safe.
 */
final class ResponseMemo {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(byte[][].class);
  private static final int INITIAL_SLOTS = 1024;

  private final ZoneSet zones;
  private final int capacity;
  private volatile byte[][] slots = new byte[INITIAL_SLOTS][];
  private int size; // guarded by this

  ResponseMemo(ZoneSet zones, int capacity) {
    this.zones = zones;
    this.capacity = capacity;
  }

  ZoneSet zones() {
    return zones;
  }

  /** The record for {@code probe}, or null. */
  byte[] get(MemoKey probe) {
    byte[][] table = slots;
    int mask = table.length - 1;
    for (int i = index(probe.hash(), mask); ; i = (i + 1) & mask) {
      byte[] record = (byte[]) SLOT.getAcquire(table, i);
      if (record == null) {
        return null;
      }
      if (MemoRecord.matches(record, probe)) {
        return record;
      }
    }
  }

  /** Stores {@code outcome} as the response for {@code probe}, unless full or already there. */
  synchronized void put(MemoKey probe, Outcome outcome) {
    if (size >= capacity || get(probe) != null) {
      return;
    }
    byte[][] table = slots;
    if (2 * (size + 1) > table.length) {
      table = grown(table);
      slots = table;
    }
    insert(table, MemoRecord.of(probe, outcome));
    size++;
  }

  synchronized int size() {
    return size;
  }

  /** Twice as many slots with every record re-inserted; published whole by the caller. */
  private static byte[][] grown(byte[][] table) {
    byte[][] bigger = new byte[table.length * 2][];
    for (byte[] record : table) {
      if (record != null) {
        insert(bigger, record);
      }
    }
    return bigger;
  }

  private static void insert(byte[][] table, byte[] record) {
    int mask = table.length - 1;
    int i = index(MemoRecord.hash(record), mask);
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    SLOT.setRelease(table, i, record);
  }

  /** Multiplicative hashing: the key's hash is a polynomial whose low bits alone cluster. */
  private static int index(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
