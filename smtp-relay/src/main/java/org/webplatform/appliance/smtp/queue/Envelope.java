package org.webplatform.appliance.smtp.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What travels with a queued message besides its content.
 *
 * @param arrival when the message was accepted (start of maximal_queue_lifetime)
 * @param client who handed it to us, for logs and DSNs ({@code helo[ip]}, Postfix style)
 * @param sender the reverse-path; empty for the null sender {@code <>} (bounces)
 * @param recipients the forward-paths, normalised, in RCPT order
 */
public record Envelope(Instant arrival, String client, String sender, List<String> recipients) {
  public Envelope {
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a message needs at least one recipient");
    }
  }

  public boolean nullSender() {
    return sender.isEmpty();
  }
}
