package org.webplatform.appliance.smtp.queue;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The mutable side of a queued message, kept next to its immutable queue file: which recipients
 * are finished (sent or bounced), how many attempts were made, when the next one is due, whether
 * an admin holds it, the last temporary failure, and whether it has been DKIM-signed before.
 * Losing it only repeats deliveries; it never loses a message.
 *
 * @param attempts delivery attempts so far
 * @param nextAttempt not before this instant
 * @param held true while an admin holds the message (postsuper -h)
 * @param finished recipients no longer to be tried
 * @param lastReason the last deferral reason, shown by {@code queue list}
 * @param dkimSigned an earlier attempt signed it: it is already counted as a signed message (it
 *     is signed afresh at every attempt, but counted and logged once)
 */
public record DeliveryState(
    int attempts,
    Instant nextAttempt,
    boolean held,
    Set<String> finished,
    String lastReason,
    boolean dkimSigned) {

  public DeliveryState {
    Objects.requireNonNull(nextAttempt, "nextAttempt");
    finished = Set.copyOf(new LinkedHashSet<>(finished));
    Objects.requireNonNull(lastReason, "lastReason");
  }

  public static DeliveryState fresh(Instant now) {
    return new DeliveryState(0, now, false, Set.of(), "", false);
  }

  public DeliveryState withHeld(boolean hold) {
    return new DeliveryState(attempts, nextAttempt, hold, finished, lastReason, dkimSigned);
  }

  public DeliveryState withNextAttempt(Instant next) {
    return new DeliveryState(attempts, next, held, finished, lastReason, dkimSigned);
  }
}
