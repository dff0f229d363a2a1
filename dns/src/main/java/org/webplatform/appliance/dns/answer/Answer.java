package org.webplatform.appliance.dns.answer;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What goes back for one query: a response now, nothing, or a response that follows once an
 * upstream server has answered (forwarding). Immutable.
 */
public final class Answer {
  private static final Answer NONE = new Answer(null, null);

  private final byte[] now;
  private final CompletionStage<byte[]> later;

  private Answer(byte[] now, CompletionStage<byte[]> later) {
    this.now = now;
    this.later = later;
  }

  /** {@code response} now; null sends nothing. */
  public static Answer now(byte[] response) {
    return response == null ? NONE : new Answer(response, null);
  }

  /**
   * A response that follows: {@code response} completes with the message, or with null when
   * nothing must be sent. It never completes exceptionally, and may complete on any thread.
   */
  public static Answer later(CompletionStage<byte[]> response) {
    return new Answer(null, Objects.requireNonNull(response, "response"));
  }

  /** The response to send now; null when there is none now (see {@link #later()}). */
  public byte[] now() {
    return now;
  }

  /** The response that follows, or null when the answer is complete now. */
  public CompletionStage<byte[]> later() {
    return later;
  }
}
