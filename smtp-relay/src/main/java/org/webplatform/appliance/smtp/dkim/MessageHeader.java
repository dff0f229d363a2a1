package org.webplatform.appliance.smtp.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header section of a raw message (RFC 5322 §2.1): fields up to the first empty line, each
 * with its folding kept. Reading stops right after the empty line, so the stream is left at the
 * first body byte.
 *
 * <p>Memory is bounded by {@code maxBytes}: fields are kept while the section is within it. A
 * longer section is still read to its end, keeping nothing more but the first From: field (cut
 * at {@code maxBytes}), so the signer can decide whether the message is one it signs at all
 * before it treats the size as a signing failure.
 *
 * @param fields the fields within the first {@code maxBytes} bytes, in order
 * @param from the first From: field, wherever it is
 * @param oversized the section is longer than {@code maxBytes}: {@code fields} is incomplete
 */
record MessageHeader(List<HeaderField> fields, Optional<HeaderField> from, boolean oversized) {

  MessageHeader {
    fields = List.copyOf(fields);
  }

  /** Reads the header section; {@code in} must deliver CRLF line ends ({@link CrlfNormalizer}). */
  static MessageHeader read(InputStream in, int maxBytes) throws IOException {
    List<HeaderField> fields = new ArrayList<>();
    HeaderField from = null;
    StringBuilder field = null;
    long end = 0; // bytes of the header section's fields read so far
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      long length = readLine(in, line, maxBytes);
      if (length == 0) {
        break; // end of input
      }
      String text = line.toString(StandardCharsets.ISO_8859_1);
      if (text.equals("\r\n") || text.equals("\n")) {
        break; // end of header
      }
      boolean continuation = text.charAt(0) == ' ' || text.charAt(0) == '\t';
      if (continuation && field != null) {
        if (field.length() < maxBytes) {
          field.append(text, 0, Math.min(text.length(), maxBytes - field.length()));
        }
      } else {
        from = finish(field, fields, from, end <= maxBytes);
        field = new StringBuilder(text);
      }
      end += length;
    }
    from = finish(field, fields, from, end <= maxBytes);
    return new MessageHeader(fields, Optional.ofNullable(from), end > maxBytes);
  }

  /** Files a complete field: kept when it ends within the limit; remembered if the first From. */
  private static HeaderField finish(
      StringBuilder field, List<HeaderField> fields, HeaderField from, boolean fits) {
    if (field == null) {
      return from;
    }
    HeaderField f = HeaderField.of(field.toString());
    if (fits) {
      fields.add(f);
    }
    return from == null && f.named("from") ? f : from;
  }

  /**
   * Reads one line up to and including LF (or to the end of input) into {@code line}, keeping at
   * most {@code max} bytes of it; returns the line's full length, 0 at the end of input.
   */
  private static long readLine(InputStream in, ByteArrayOutputStream line, int max)
      throws IOException {
    line.reset();
    long length = 0;
    int b;
    while ((b = in.read()) >= 0) {
      length++;
      if (line.size() < max) {
        line.write(b);
      }
      if (b == '\n') {
        break;
      }
    }
    return length;
  }
}
