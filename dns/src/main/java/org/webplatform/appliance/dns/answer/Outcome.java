package org.webplatform.appliance.dns.answer;

import java.util.concurrent.CompletionStage;

/**
 * An encoded response with the facts the {@link AnswerObserver} is told.
 *
 * @param wire the response; null while {@code later} is pending
 * @param qtype the question's type, or -1 when there was none
 * @param rcode the full (extended) response code
 * @param memoisable true when the response is a function of the zone snapshot and the query's
 *     {@link MemoKey} alone, so the fast path may replay it; false for forwarded answers, whose
 *     TTLs decay, and for records picked per query (pool answers in round-robin or weighted
 *     mode), where the next query of the same key must get its own pick
 * @param later for a query resolved upstream: the outcome that follows (never exceptionally)
 */
record Outcome(
    byte[] wire,
    int qtype,
    int rcode,
    boolean truncated,
    boolean memoisable,
    CompletionStage<Outcome> later) {

  /** A complete response from zone data. */
  Outcome(byte[] wire, int qtype, int rcode, boolean truncated) {
    this(wire, qtype, rcode, truncated, true, null);
  }

  /** The response to a question being resolved upstream; it follows in {@code later}. */
  static Outcome pending(int qtype, CompletionStage<Outcome> later) {
    return new Outcome(null, qtype, -1, false, false, later);
  }

  Outcome notMemoisable() {
    return new Outcome(wire, qtype, rcode, truncated, false, later);
  }
}
