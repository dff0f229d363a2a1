package org.webplatform.appliance.smtp.dkim;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One header field exactly as received: {@code raw} holds the name, colon, value and every
 * folding CRLF, up to and including the final CRLF (RFC 5322 §2.2). Bytes are kept as ISO-8859-1
 * chars so 8-bit header bytes survive unchanged.
 */
record HeaderField(String name, String raw) {
  private static final Pattern TRAILING_WSP = Pattern.compile("[ \\t]+$");

  /** Parses one unfolded-or-folded field; the name ends at the colon, WSP before it trimmed. */
  static HeaderField of(String raw) {
    int colon = raw.indexOf(':');
    String name = colon < 0 ? raw.strip() : raw.substring(0, colon);
    // RFC 6376 §3.4.2: WSP before the colon is not part of the name.
    return new HeaderField(TRAILING_WSP.matcher(name).replaceAll(""), raw);
  }

  boolean named(String other) {
    return name.equalsIgnoreCase(other);
  }

  /** The value after the colon, still folded. */
  String value() {
    int colon = raw.indexOf(':');
    return colon < 0 ? "" : raw.substring(colon + 1);
  }

  byte[] bytes() {
    return raw.getBytes(StandardCharsets.ISO_8859_1);
  }
}
