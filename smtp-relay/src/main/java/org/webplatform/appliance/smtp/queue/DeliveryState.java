package org.webplatform.appliance.smtp.queue;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The mutable side of a queued message, kept next to its immutable queue file: which recipients
 * are finished (sent or bounced), how many attempts were made, when the next one is due, whether
 * an admin holds it, the last temporary failure, and what DKIM signing decided at an earlier
 * attempt. Losing it only repeats deliveries; it never loses a message.
 *
 * @param attempts delivery attempts so far
 * @param nextAttempt not before this instant
 * @param held true while an admin holds the message (postsuper -h)
 * @param finished recipients no longer to be tried
 * @param lastReason the last deferral reason, shown by {@code queue list}
 * @param dkim what an earlier attempt decided about signing: a message is signed afresh at every
 *     attempt, but its decision is logged (and a signed message counted) only when it changes
 */
public record DeliveryState(
    int attempts,
    Instant nextAttempt,
    boolean held,
    Set<String> finished,
    String lastReason,
    Dkim dkim) {

  /** The DKIM decision last logged for the message; its token is the state file's value. */
  public enum Dkim {
    /** Nothing logged yet, or no key applies (unsigned mail of other domains is not logged). */
    NONE,
    /** Signed: counted once as a signed message. */
    SIGNED,
    /** Not signed because an untrusted client submitted it. */
    SKIPPED;

    /** The state file value, e.g. {@code signed}. */
    public String token() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The value a state file token names; NONE for anything unknown. */
    public static Dkim fromToken(String token) {
      for (Dkim d : values()) {
        if (d.token().equals(token)) {
          return d;
        }
      }
      return NONE;
    }
  }

  public DeliveryState {
    Objects.requireNonNull(nextAttempt, "nextAttempt");
    finished = Set.copyOf(new LinkedHashSet<>(finished));
    Objects.requireNonNull(lastReason, "lastReason");
    Objects.requireNonNull(dkim, "dkim");
  }

  public static DeliveryState fresh(Instant now) {
    return new DeliveryState(0, now, false, Set.of(), "", Dkim.NONE);
  }

  public DeliveryState withHeld(boolean hold) {
    return new DeliveryState(attempts, nextAttempt, hold, finished, lastReason, dkim);
  }

  public DeliveryState withNextAttempt(Instant next) {
    return new DeliveryState(attempts, next, held, finished, lastReason, dkim);
  }
}
