package org.webplatform.appliance.dns.rrl;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The rate state of every (client network, class, name) key: a fixed array of buckets, one
 * {@code long} each, sized once (a power of two) and never grown. Keys hash to a bucket; two keys
 * in one bucket share it (the later one restarts it, as in NSD), which costs accuracy, never
 * memory.
 *
 * <p>Each bucket is a token bucket in its GCRA form (ITU-T I.371 virtual scheduling): instead of a
 * token count and a refill time it keeps one instant, the theoretical arrival time {@code tat}.
 * A response is allowed when {@code tat - now <= tolerance}, and then moves {@code tat} one
 * interval ({@code 1 s / rate}) later; an idle bucket starts from {@code now}. The tolerance is
 * {@code burst - 1} intervals, so a fresh or rested key gets {@code burst} responses at once, then
 * {@code rate} per second. One instant fits one {@code long} with the key's fingerprint and a
 * "limited" flag, so an update is a single compare-and-set: no lock, no allocation, and the UDP
 * threads share one table (one limit per key, whichever socket its packets reach).
 *
 * <pre>
 * bit 63      limited: the key is in a limiting episode (for start/stop log lines)
 * bits 48-62  fingerprint: 15 more bits of the key's hash, to tell keys sharing a bucket apart
 * bits 0-47   tat in nanoseconds modulo 2^48 (a 78-hour ring; differences are sign-extended)
 * </pre>
 *
 * An episode starts with the first limited response and ends with the first allowed response
 * once the bucket has rested to half its tolerance, so a client hovering at the limit does not
 * start and end an episode per response.
 */
final class RateTable {
  /** What {@link #admit} decided; the flag transitions are reported once per episode. */
  enum Verdict {
    PASS,
    PASS_RELEASED,
    LIMITED,
    LIMITED_STARTED
  }

  private static final long LIMITED = 1L << 63;
  private static final int FINGERPRINT_SHIFT = 48;
  private static final long FINGERPRINT_MASK = 0x7FFF;
  private static final long TIME_MASK = (1L << FINGERPRINT_SHIFT) - 1;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final AtomicLongArray buckets;
  private final int indexMask;
  private final long interval;
  private final long tolerance;

  /**
   * @param minimumSize buckets wanted; rounded up to a power of two
   * @param perSecond allowed responses per second per key, also the burst
   */
  RateTable(int minimumSize, int perSecond) {
    if (minimumSize < 1 || minimumSize > 1 << 30) {
      throw new IllegalArgumentException("minimumSize: " + minimumSize + " not in 1..2^30");
    }
    if (perSecond < 1 || perSecond > 1_000_000) {
      throw new IllegalArgumentException("perSecond: " + perSecond + " not in 1..1000000");
    }
    int size = Integer.highestOneBit(minimumSize);
    size = size < minimumSize ? size << 1 : size;
    this.buckets = new AtomicLongArray(size);
    this.indexMask = size - 1;
    this.interval = NANOS_PER_SECOND / perSecond;
    this.tolerance = interval * (perSecond - 1);
  }

  /** Buckets in the table. */
  int size() {
    return indexMask + 1;
  }

  /**
   * Counts one response for the key and decides whether it may go out.
   *
   * @param keyHash a well-mixed 64-bit hash of the key: its low bits pick the bucket, its high
   *     bits are the fingerprint
   * @param now a monotonic-enough time in nanoseconds (any origin)
   */
  Verdict admit(long keyHash, long now) {
    int index = (int) keyHash & indexMask;
    long fingerprint = (keyHash >>> (64 - 15)) & FINGERPRINT_MASK;
    while (true) {
      long old = buckets.get(index);
      boolean sameKey = ((old >>> FINGERPRINT_SHIFT) & FINGERPRINT_MASK) == fingerprint;
      boolean wasLimited = sameKey && old < 0;
      long ahead = sameKey ? signExtend(old - now) : 0;
      if (ahead < 0 || ahead > tolerance + interval) {
        // Rested since tat, or a value this bucket cannot hold now (a wrap of the ring after
        // 39 hours idle, a clock step): start afresh.
        ahead = 0;
      }
      boolean allowed = ahead <= tolerance;
      boolean limited = allowed ? wasLimited && ahead > tolerance / 2 : true;
      long tat = allowed ? now + ahead + interval : now + ahead;
      long updated =
          (limited ? LIMITED : 0) | (fingerprint << FINGERPRINT_SHIFT) | (tat & TIME_MASK);
      if (updated == old || buckets.compareAndSet(index, old, updated)) {
        if (allowed) {
          return wasLimited && !limited ? Verdict.PASS_RELEASED : Verdict.PASS;
        }
        return wasLimited ? Verdict.LIMITED : Verdict.LIMITED_STARTED;
      }
    }
  }

  /** The 48-bit ring difference as a signed value. */
  private static long signExtend(long difference) {
    return (difference << (64 - FINGERPRINT_SHIFT)) >> (64 - FINGERPRINT_SHIFT);
  }
}
