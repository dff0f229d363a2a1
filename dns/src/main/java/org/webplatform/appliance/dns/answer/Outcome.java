package org.webplatform.appliance.dns.answer;

/**
 * An encoded response with the facts the {@link AnswerObserver} is told.
 *
 * @param qtype the question's type, or -1 when there was none
 * @param rcode the full (extended) response code
 * @param memoisable false when the response carries records picked per query (pool answers in
 *     round-robin or weighted mode): the next query of the same key must get its own pick
 */
record Outcome(byte[] wire, int qtype, int rcode, boolean truncated, boolean memoisable) {

  Outcome(byte[] wire, int qtype, int rcode, boolean truncated) {
    this(wire, qtype, rcode, truncated, true);
  }

  Outcome notMemoisable() {
    return new Outcome(wire, qtype, rcode, truncated, false);
  }
}
