package org.webplatform.appliance.smtp.queue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What travels with a queued message besides its content.
 *
 * @param arrival when the message was accepted (start of maximal_queue_lifetime)
 * @param client who handed it to us, for logs and DSNs ({@code helo[ip]}, Postfix style)
 * @param sender the reverse-path; empty for the null sender {@code <>} (bounces)
 * @param recipients the forward-paths, normalised, in RCPT order
 * @param origin whether a trusted client submitted it (decides DKIM signing)
 */
public record Envelope(
    Instant arrival, String client, String sender, List<String> recipients, Origin origin) {
  /** An IPv4 or IPv6 literal as we write it between the brackets of {@code helo[ip]}. */
  private static final Pattern IP_LITERAL =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public Envelope {
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a message needs at least one recipient");
    }
    Objects.requireNonNull(origin, "origin");
  }

  public boolean nullSender() {
    return sender.isEmpty();
  }

  /**
   * The client's IP address from {@link #client()} ({@code helo[ip]}); empty for mail the relay
   * made itself ({@code local}). Only literals are parsed, so this never does a DNS lookup.
   */
  public Optional<InetAddress> clientAddress() {
    int open = client.lastIndexOf('[');
    int close = client.lastIndexOf(']');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String ip = client.substring(open + 1, close);
    if (!IP_LITERAL.matcher(ip).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(ip));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
