package org.webplatform.appliance.dns.rrl;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of rate limiting: one when a key starts being limited, one when it is released,
 * and never a flood. Each key logs once per episode (the table's flag), and all keys together at
 * most {@value #LINES_PER_PERIOD} lines per minute; lines over that are counted and the count is
 * reported with the next line that is written. Thread-safe; only called on episode changes.
 */
final class LimitLog {
  static final int LINES_PER_PERIOD = 20;
  static final long PERIOD_NANOS = 60_000_000_000L;

  /** The limiter's logger: one name to filter on for everything RRL says. */
  private static final Logger log = LoggerFactory.getLogger(ResponseRateLimiter.class);

  private long periodStart;
  private boolean started;
  private int lines;
  private long suppressed;

  void limited(long now, Supplier<String> fields) {
    long skipped = admit(now);
    if (skipped >= 0) {
      log.warn("rrl=limited {}{}", fields.get(), suffix(skipped));
    }
  }

  void released(long now, Supplier<String> fields) {
    long skipped = admit(now);
    if (skipped >= 0) {
      log.info("rrl=released {}{}", fields.get(), suffix(skipped));
    }
  }

  /** Lines suppressed before this one, or -1 when this one is suppressed too. */
  private synchronized long admit(long now) {
    if (!started || now - periodStart >= PERIOD_NANOS) {
      started = true;
      periodStart = now;
      lines = 0;
    }
    if (lines >= LINES_PER_PERIOD) {
      suppressed++;
      return -1;
    }
    lines++;
    long skipped = suppressed;
    suppressed = 0;
    return skipped;
  }

  private static String suffix(long skipped) {
    return skipped == 0 ? "" : " suppressed_lines=" + skipped;
  }
}
