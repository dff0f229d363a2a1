package org.webplatform.appliance.dns.answer;

/**
 * An encoded response with the facts the {@link AnswerObserver} is told.
 *
 * @param qtype the question's type, or -1 when there was none
 * @param rcode the full (extended) response code
 */
record Outcome(byte[] wire, int qtype, int rcode, boolean truncated) {}
