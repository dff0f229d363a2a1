package org.webplatform.appliance.smtp.inbound;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An RFC 5321 §4.1.2 mailbox as given in MAIL FROM or RCPT TO, parsed once so that nothing
 * downstream re-interprets the raw text.
 *
 * <p>Normalisation, as Postfix does it: an RFC 5321 source route ({@code @a,@b:user@dom}, §C
 * and §3.6.1 "MUST BE accepted ... SHOULD ignore the route") is dropped; the domain is lowered and
 * one trailing dot removed. The local part is kept exactly as sent (quoted or not), because only
 * the final destination may interpret it (RFC 5321 §2.3.11). ASCII only: we do not offer
 * SMTPUTF8.
 *
 * @param localPart the local part as sent, quotes included
 * @param domain lower-case domain without trailing dot, or an address literal {@code [..]}
 */
public record MailPath(String localPart, String domain) {
  // RFC 5321 §4.1.2 Dot-string and Quoted-string, ASCII only.
  private static final Pattern DOT_STRING =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern QUOTED =
      Pattern.compile("\"([\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*\"");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4_LITERAL =
      Pattern.compile("\\[(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}]");
  private static final Pattern IPV6_LITERAL = Pattern.compile("\\[IPv6:[0-9A-Fa-f:.]{2,45}]");

  /** The address as it goes on the wire, without angle brackets. */
  public String address() {
    return localPart + "@" + domain;
  }

  /** True when the domain is an address literal such as {@code [192.0.2.1]}. */
  public boolean isAddressLiteral() {
    return domain.startsWith("[");
  }

  /**
   * True when the local part carries routing syntax of its own: the percent hack ({@code
   * user%other@dom}), a UUCP bang path ({@code other!user@dom}) or a quoted {@code @}. Postfix's
   * allow_untrusted_routing=no refuses these from untrusted clients, whatever the domain.
   */
  public boolean hasLocalRouting() {
    return localPart.indexOf('%') >= 0
        || localPart.indexOf('!') >= 0
        || localPart.indexOf('@') >= 0;
  }

  @Override
  public String toString() {
    return address();
  }

  /**
   * Parses a path as subethasmtp hands it over (angle brackets may still be there). Empty when
   * the text is not a valid mailbox; the null path {@code <>} is not a mailbox.
   */
  public static Optional<MailPath> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String text = raw.trim();
    if (text.startsWith("<") && text.endsWith(">")) {
      text = text.substring(1, text.length() - 1);
    }
    if (text.length() > 256) { // RFC 5321 §4.5.3.1.3
      return Optional.empty();
    }
    // Source route: "@one,@two:" before the mailbox; each hop must itself be a domain.
    if (text.startsWith("@")) {
      int colon = text.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      for (String hop : text.substring(0, colon).split(",", -1)) {
        if (!hop.startsWith("@") || domain(hop.substring(1)).isEmpty()) {
          return Optional.empty();
        }
      }
      text = text.substring(colon + 1);
    }
    int at = text.lastIndexOf('@');
    if (at <= 0 || at == text.length() - 1) {
      return Optional.empty();
    }
    String local = text.substring(0, at);
    if (local.length() > 64
        || !(DOT_STRING.matcher(local).matches() || QUOTED.matcher(local).matches())) {
      return Optional.empty();
    }
    return domain(text.substring(at + 1)).map(d -> new MailPath(local, d));
  }

  private static Optional<String> domain(String raw) {
    if (IPV4_LITERAL.matcher(raw).matches() || IPV6_LITERAL.matcher(raw).matches()) {
      return Optional.of(raw);
    }
    String d = raw.toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.isEmpty() || d.length() > 253) {
      return Optional.empty();
    }
    for (String label : d.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return Optional.empty();
      }
    }
    // A bare all-numeric "domain" (1.2.3.4) is an address in disguise, not a host name.
    if (d.matches("[0-9.]+")) {
      return Optional.empty();
    }
    return Optional.of(d);
  }
}
