package org.webplatform.appliance.smtp.inbound;

import java.util.Objects;

/**
 * The outcome of a policy check, as a value (style rule 4): accept, or an SMTP reply to send
 * instead. Never an exception: a refused recipient is an expected protocol outcome.
 */
public sealed interface Verdict {

  /** The recipient is accepted; {@code path} is its normalised form for the queue. */
  record Accept(MailPath path) implements Verdict {
    public Accept {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * The recipient is refused.
   *
   * @param code the SMTP reply code (5xx permanent, 4xx temporary)
   * @param status the RFC 3463 enhanced status code, e.g. {@code 5.7.1}
   * @param text the reply text after the codes
   * @param reason a short metric label: relay, syntax...
   */
  record Reject(int code, String status, String text, String reason) implements Verdict {
    public Reject {
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException("reject code " + code + " is not 4xx or 5xx");
      }
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(reason, "reason");
    }

    /** The reply as sent after the code, e.g. {@code 5.7.1 <x@y>: Relay access denied}. */
    public String reply() {
      return status + " " + text;
    }
  }
}
