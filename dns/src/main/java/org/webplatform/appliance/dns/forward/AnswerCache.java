package org.webplatform.appliance.dns.forward;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.webplatform.appliance.dns.answer.Resolution;

/**
 * Forwarded answers by question, each until its lifetime ends, at most {@code capacity} of them.
 *
 * <p>Entries expire exactly: an entry stored at t with lifetime L is served while now &lt; t + L
 * and never after; its TTLs are served reduced by the whole seconds it has spent here (RFC 1035
 * §3.2.1).
 *
 * <p>Eviction is CLOCK, the usual approximation of LRU: a hit sets the entry's reference bit; when
 * a store makes the cache too big, a hand sweeps the entries, dropping expired ones and ones not
 * hit since its last pass and clearing the bit of the others (the entry just stored is spared).
 * Lookups take no lock; only the sweep does, and a store that finds it taken leaves the sweep to
 * its owner, so the size may exceed the capacity by the number of concurrent stores for a moment.
 * Thread-safe.
 */
final class AnswerCache {
  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private final int capacity;
  private final ConcurrentHashMap<CacheKey, Entry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock sweeping = new ReentrantLock();
  private Iterator<Entry> hand; // guarded by sweeping

  /** @param capacity entries at most; 0 keeps nothing */
  AnswerCache(int capacity) {
    this.capacity = capacity;
  }

  /** The answer cached for {@code key}, aged to {@code now} (nanoTime); null when none is live. */
  Resolution get(CacheKey key, long now) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (entry.expired(now)) {
      entries.remove(key, entry);
      return null;
    }
    if (!entry.referenced) {
      entry.referenced = true; // written only when clear: no cache-line traffic on every hit
    }
    return entry.resolution.aged((now - entry.storedAt) / NANOS_PER_SECOND);
  }

  /**
   * Keeps {@code resolution} (of age 0) for {@code lifetime} seconds from {@code now}, replacing
   * what {@code key} had. A lifetime below 1 keeps nothing.
   */
  void put(CacheKey key, Resolution resolution, long lifetime, long now) {
    if (capacity == 0 || lifetime < 1) {
      return;
    }
    Entry entry = new Entry(key, resolution, now, now + lifetime * NANOS_PER_SECOND);
    entries.put(key, entry);
    if (entries.size() > capacity) {
      sweep(now, entry);
    }
  }

  /** Entries held, expired ones not yet swept included. */
  int size() {
    return entries.size();
  }

  /** Drops entries until the capacity is met; {@code keep}, the one just stored, is spared. */
  private void sweep(long now, Entry keep) {
    if (!sweeping.tryLock()) {
      return;
    }
    try {
      // Each step drops an entry or clears a bit, so two passes at most bring the size down.
      while (entries.size() > capacity) {
        if (hand == null || !hand.hasNext()) {
          hand = entries.values().iterator();
          if (!hand.hasNext()) {
            return;
          }
        }
        Entry entry = hand.next();
        if (entry == keep) {
          continue;
        }
        if (entry.expired(now) || !entry.referenced) {
          entries.remove(entry.key, entry);
        } else {
          entry.referenced = false;
        }
      }
    } finally {
      sweeping.unlock();
    }
  }

  private static final class Entry {
    final CacheKey key;
    final Resolution resolution;
    final long storedAt;
    final long expiresAt;
    volatile boolean referenced;

    Entry(CacheKey key, Resolution resolution, long storedAt, long expiresAt) {
      this.key = key;
      this.resolution = resolution;
      this.storedAt = storedAt;
      this.expiresAt = expiresAt;
    }

    boolean expired(long now) {
      return now - expiresAt >= 0;
    }
  }
}
