package org.webplatform.appliance.smtp.delivery;

import java.time.Duration;

/**
 * When to retry after a temporary failure: Postfix's scheme, the delay doubling from
 * minimal_backoff_time after each failed attempt up to maximal_backoff_time. (RFC 5321
 * §4.5.4.1 suggests at least 30 minutes; Postfix and we start sooner because most temporary
 * failures are short: greylisting, a restarting peer.)
 */
public record BackoffSchedule(Duration minimal, Duration maximal) {

  /** The delay after {@code attempts} failed attempts (1 = first failure). */
  public Duration delayAfter(int attempts) {
    Duration d = minimal;
    for (int i = 1; i < attempts && d.compareTo(maximal) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maximal) > 0 ? maximal : d;
  }
}
