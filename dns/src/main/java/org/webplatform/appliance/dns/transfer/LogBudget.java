package org.webplatform.appliance.dns.transfer;

/**
 * Bounds how many lines of one kind reach the log: at most {@code perWindow} per window, the rest
 * counted and reported with the next line let through. Refused transfer requests are the reason:
 * a scanner (or spoofed UDP IXFR) must not be able to flood the log. Thread-safe.
 */
final class LogBudget {
  private final int perWindow;
  private final long windowNanos;
  private boolean started;
  private long windowStart;
  private int used;
  private long suppressed;

  LogBudget(int perWindow, long windowNanos) {
    this.perWindow = perWindow;
    this.windowNanos = windowNanos;
  }

  /**
   * @param now {@link System#nanoTime()} or a test clock
   * @return -1 when this line must be dropped; else how many were dropped since the last one let
   *     through (to put on this line)
   */
  synchronized long admit(long now) {
    if (!started || now - windowStart >= windowNanos) {
      started = true;
      windowStart = now;
      used = 0;
    }
    if (used >= perWindow) {
      suppressed++;
      return -1;
    }
    used++;
    long dropped = suppressed;
    suppressed = 0;
    return dropped;
  }
}
