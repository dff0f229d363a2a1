package org.webplatform.appliance.smtp.dkim;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** RFC 6376 §3.4.1 (simple) and §3.4.2 (relaxed) header field canonicalization. */
final class HeaderCanonicalizer {
  private static final Pattern WSP_RUN = Pattern.compile("[ \\t]+");

  private HeaderCanonicalizer() {}

  /** The canonical form of one field, ending in CRLF. */
  static byte[] canonicalize(Canonicalization c, HeaderField field) {
    if (c == Canonicalization.SIMPLE) {
      // §3.4.1: the field exactly as it is, folding and case included.
      return field.bytes();
    }
    return relaxed(field).getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * §3.4.2: lowercase the name; unfold (drop CRLF before WSP); turn every WSP run into one SP;
   * drop WSP at the end of the value and around the colon.
   */
  static String relaxed(HeaderField field) {
    String value = field.value();
    if (value.endsWith("\r\n")) {
      value = value.substring(0, value.length() - 2);
    }
    value = WSP_RUN.matcher(value.replace("\r\n", "")).replaceAll(" ").strip();
    return asciiLower(field.name()) + ":" + value + "\r\n";
  }

  /** Header names are ASCII (RFC 5322 §2.2); lowercase only A-Z, never 8-bit bytes. */
  static String asciiLower(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] = (char) (chars[i] + 32);
      }
    }
    return new String(chars);
  }
}
