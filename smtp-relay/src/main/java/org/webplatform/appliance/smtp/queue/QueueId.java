package org.webplatform.appliance.smtp.queue;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Queue ids in the spirit of Postfix's long queue ids: 16 upper-case hex digits, the arrival
 * time in microseconds (11 digits) followed by a 5-digit sequence number, so ids sort by arrival
 * and stay unique across restarts as long as the clock does not go back by more than the time
 * between two restarts. They double as file names, so nothing else may be a valid id.
 */
public final class QueueId {
  private static final Pattern SYNTAX = Pattern.compile("[0-9A-F]{16}");

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();

  public QueueId(Clock clock) {
    this.clock = clock;
  }

  /** A fresh id. */
  public String next() {
    long micros = clock.millis() * 1000 + (System.nanoTime() / 1000) % 1000;
    long seq = sequence.getAndIncrement() & 0xFFFFF;
    return String.format("%011X%05X", micros & 0xFFFFFFFFFFFL, seq);
  }

  /** True when {@code text} can be an id (and so is safe as a file name). */
  public static boolean isValid(String text) {
    return text != null && SYNTAX.matcher(text).matches();
  }
}
