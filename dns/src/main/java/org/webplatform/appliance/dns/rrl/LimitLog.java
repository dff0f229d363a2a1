package org.webplatform.appliance.dns.rrl;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of rate limiting, one when a key (network, class, name) starts being limited and
 * one when it is released, and never a flood:
 *
 * <ul>
 *   <li>per key at most one "limited" and one "released" line a minute: a client that flaps in
 *       and out of the limit logs its first episode, and the next line of that key says how many
 *       changes went unlogged ({@code repeats=N}); the counters have them all;
 *   <li>a release is logged only when its key's start was;
 *   <li>all keys together at most {@value #LINES_PER_PERIOD} "limited" lines a minute; more are
 *       counted and reported with the next line written ({@code suppressed_lines=N}).
 * </ul>
 *
 * Keys are remembered in a small fixed table (a key that loses its slot may log again early).
 * Thread-safe; only called when an episode starts or ends, never per response.
 */
final class LimitLog {
  static final int LINES_PER_PERIOD = 20;
  static final long PERIOD_NANOS = 60_000_000_000L;
  private static final int SLOTS = 256;

  /** The limiter's logger: one name to filter on for everything RRL says. */
  private static final Logger log = LoggerFactory.getLogger(ResponseRateLimiter.class);

  private final long[] keys = new long[SLOTS];
  private final long[] limitedAt = new long[SLOTS];
  private final long[] releasedAt = new long[SLOTS];
  private final boolean[] startLogged = new boolean[SLOTS];
  private final boolean[] used = new boolean[SLOTS];
  private final int[] repeats = new int[SLOTS];
  private long periodStart;
  private boolean periodStarted;
  private int lines;
  private long suppressed;

  void limited(long now, long key, Supplier<String> fields) {
    String suffix;
    synchronized (this) {
      int slot = slot(key, now);
      if (limitedAt[slot] != Long.MIN_VALUE && now - limitedAt[slot] < PERIOD_NANOS) {
        repeats[slot]++;
        startLogged[slot] = false;
        return;
      }
      if (!admitGlobally(now)) {
        startLogged[slot] = false;
        return;
      }
      limitedAt[slot] = now;
      startLogged[slot] = true;
      suffix = suffix("repeats", repeats[slot]) + suffix("suppressed_lines", takeSuppressed());
      repeats[slot] = 0;
    }
    log.warn("rrl=limited {}{}", fields.get(), suffix);
  }

  void released(long now, long key, Supplier<String> fields) {
    String suffix;
    synchronized (this) {
      int slot = slot(key, now);
      if (!startLogged[slot]) {
        return;
      }
      startLogged[slot] = false;
      if (releasedAt[slot] != Long.MIN_VALUE && now - releasedAt[slot] < PERIOD_NANOS) {
        repeats[slot]++;
        return;
      }
      releasedAt[slot] = now;
      suffix = suffix("repeats", repeats[slot]);
      repeats[slot] = 0;
    }
    log.info("rrl=released {}{}", fields.get(), suffix);
  }

  /** The slot of {@code key}, taken over (and cleared) when another key had it. */
  private int slot(long key, long now) {
    int slot = (int) (key ^ (key >>> 32)) & (SLOTS - 1);
    if (!used[slot] || keys[slot] != key) {
      used[slot] = true;
      keys[slot] = key;
      limitedAt[slot] = Long.MIN_VALUE;
      releasedAt[slot] = Long.MIN_VALUE;
      startLogged[slot] = false;
      repeats[slot] = 0;
    }
    return slot;
  }

  /** True when one more "limited" line fits this period's budget; else counts it. */
  private boolean admitGlobally(long now) {
    if (!periodStarted || now - periodStart >= PERIOD_NANOS) {
      periodStarted = true;
      periodStart = now;
      lines = 0;
    }
    if (lines >= LINES_PER_PERIOD) {
      suppressed++;
      return false;
    }
    lines++;
    return true;
  }

  private long takeSuppressed() {
    long taken = suppressed;
    suppressed = 0;
    return taken;
  }

  private static String suffix(String name, long count) {
    return count == 0 ? "" : " " + name + "=" + count;
  }
}
