package org.webplatform.appliance.smtp.queue;

import java.util.Optional;

/**
 * How a queued message reached the relay, kept in its queue file because DKIM signing depends on
 * it: like OpenDKIM, which signs only for its InternalHosts and authenticated (MTA) clients, the
 * relay signs only what a trusted client submitted, never mail from outside that merely claims a
 * signing domain in its From: field.
 */
public enum Origin {
  /** From a client address in {@code relay_networks} (OpenDKIM InternalHosts). */
  RELAY_NETWORKS("relay_networks", true),
  /** From a client that authenticated (SMTP AUTH after STARTTLS). */
  AUTHENTICATED("authenticated", true),
  /** Written by the relay itself: non-delivery reports. */
  LOCAL("local", true),
  /** From anyone else: mail for a {@code relay_domains} domain. */
  UNTRUSTED("untrusted", false),
  /**
   * Read from a queue file of format APQ1, written before the origin was recorded. Never
   * written; whoever signs decides from the recorded client address.
   */
  UNRECORDED("", false);

  private final String token;
  private final boolean trusted;

  Origin(String token, boolean trusted) {
    this.token = token;
    this.trusted = trusted;
  }

  /** The ASCII token of the queue file's 'O' record; empty for {@link #UNRECORDED}. */
  public String token() {
    return token;
  }

  /** True for a trusted submission; false for {@link #UNTRUSTED} and {@link #UNRECORDED}. */
  public boolean trusted() {
    return trusted;
  }

  /** The origin a queue file token names; empty for an unknown token. */
  public static Optional<Origin> fromToken(String token) {
    for (Origin o : values()) {
      if (!o.token.isEmpty() && o.token.equals(token)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }
}
