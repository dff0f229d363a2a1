package org.webplatform.appliance.dns.zone;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * Builds TXT-like records (TXT, SPF) from master-file strings, splitting any string longer than
 * 255 bytes into consecutive 255-byte character-strings (RFC 1035 §3.3 limits one string to 255
 * octets; gdnsd does the same unless {@code disable_text_autosplit}). dnsjava rejects long strings,
 * hence this class. Stateless.
 */
final class TextStrings {
  private static final int MAX_STRING = 255;
  private static final int MAX_RDATA = 65535;

  private TextStrings() {}

  static Record record(Name owner, int type, long ttl, List<MasterToken> strings)
      throws TextParseException {
    if (strings.isEmpty()) {
      throw new TextParseException("TXT record needs at least one string");
    }
    ByteArrayOutputStream rdata = new ByteArrayOutputStream();
    for (MasterToken token : strings) {
      byte[] bytes = unescape(token.text());
      int offset = 0;
      do {
        int length = Math.min(MAX_STRING, bytes.length - offset);
        rdata.write(length);
        rdata.write(bytes, offset, length);
        offset += length;
      } while (offset < bytes.length);
    }
    if (rdata.size() > MAX_RDATA) {
      throw new TextParseException("TXT data longer than 65535 bytes");
    }
    return Record.newRecord(owner, type, DClass.IN, ttl, rdata.toByteArray());
  }

  /** Resolves {@code \DDD} and {@code \X} escapes (RFC 1035 §5.1); other chars are one byte. */
  static byte[] unescape(String text) throws TextParseException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.write(c);
        continue;
      }
      if (i + 1 >= n) {
        throw new TextParseException("dangling backslash in string");
      }
      char next = text.charAt(i + 1);
      if (next >= '0' && next <= '9') {
        String digits = text.substring(i + 1, Math.min(n, i + 4));
        if (digits.length() != 3 || !digits.chars().allMatch(d -> d >= '0' && d <= '9')) {
          throw new TextParseException("bad \\DDD escape in string");
        }
        int value = Integer.parseInt(digits);
        if (value > 255) {
          throw new TextParseException("bad \\DDD escape in string: " + digits);
        }
        out.write(value);
        i += 3;
      } else {
        out.write(next);
        i++;
      }
    }
    return out.toByteArray();
  }
}
