package org.webplatform.appliance.dns.answer;

/**
 * Told about every query the {@link Responder} handles. Called on the I/O thread for every query,
 * or for a forwarded one on the thread that completes it: implementations must be thread-safe,
 * fast, lock-free and must not throw.
 */
public interface AnswerObserver {

  AnswerObserver NONE =
      new AnswerObserver() {
        @Override
        public void answered(Transport transport, int qtype, int rcode, boolean truncated) {}

        @Override
        public void dropped(Transport transport) {}
      };

  /**
   * A response was produced.
   *
   * @param qtype the question's type, or -1 when the query had no parseable question
   * @param rcode the full (extended, RFC 6891) response code, e.g. 16 for BADVERS
   * @param truncated TC was set
   */
  void answered(Transport transport, int qtype, int rcode, boolean truncated);

  /** The packet was not answered (a response packet, or too short to carry a header). */
  void dropped(Transport transport);
}
