package org.webplatform.appliance.smtp.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header section of a raw message (RFC 5322 §2.1): fields up to the first empty line, each
 * with its folding kept. Reading stops right after the empty line, so the stream is left at the
 * first body byte.
 */
final class MessageHeader {
  private MessageHeader() {}

  /** Reads the fields; {@code in} must deliver CRLF line ends ({@link CrlfNormalizer}). */
  static List<HeaderField> read(InputStream in, int maxBytes) throws IOException {
    List<HeaderField> fields = new ArrayList<>();
    StringBuilder field = null;
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int total = 0;
    int b;
    while (true) {
      line.reset();
      boolean eof = true;
      while ((b = in.read()) >= 0) {
        eof = false;
        line.write(b);
        if (++total > maxBytes) {
          throw new IOException("header section longer than " + maxBytes + " bytes");
        }
        if (b == '\n') {
          break;
        }
      }
      if (eof) {
        break;
      }
      String text = line.toString(StandardCharsets.ISO_8859_1);
      if (text.equals("\r\n") || text.equals("\n")) {
        break; // end of header
      }
      boolean continuation = text.charAt(0) == ' ' || text.charAt(0) == '\t';
      if (continuation && field != null) {
        field.append(text);
      } else {
        if (field != null) {
          fields.add(HeaderField.of(field.toString()));
        }
        field = new StringBuilder(text);
      }
      if (b < 0) {
        break;
      }
    }
    if (field != null) {
      fields.add(HeaderField.of(field.toString()));
    }
    return fields;
  }
}
