package org.webplatform.appliance.smtp.dkim;

import java.util.Arrays;

/**
 * Streaming body canonicalization (RFC 6376 §3.4.3, §3.4.4): bytes go in as they come, canonical
 * bytes go out to a sink (the body hash), so a 10 MB body is never held in memory. Lines end in
 * CRLF (the input is already in wire form, {@link CrlfNormalizer}). Empty lines are held back
 * and written only when a later non-empty line follows, which drops the trailing ones.
 */
abstract class BodyCanonicalizer {
  /** Where canonical bytes go. */
  interface Sink {
    void write(byte[] b, int off, int len);
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] CR = {'\r'};

  private final Sink sink;
  private byte[] line = new byte[256];
  private int lineLength;
  private long heldEmptyLines;
  private boolean wroteAnything;
  private boolean pendingCr;

  BodyCanonicalizer(Sink sink) {
    this.sink = sink;
  }

  /**
   * Canonicalizes one line in place: {@code line[0..len)} holds it without its CRLF; returns the
   * canonical length (0: an empty line). The result is never longer than the line.
   */
  abstract int canonicalLine(byte[] line, int len);

  /** What an empty body canonicalizes to. */
  abstract byte[] emptyBody();

  final void update(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      if (pendingCr) {
        pendingCr = false;
        if (b[i] == '\n') {
          i++;
          endLine();
          continue;
        }
        append(CR, 0, 1); // a CR not followed by LF is data
      }
      int cr = i;
      while (cr < end && b[cr] != '\r') {
        cr++;
      }
      append(b, i, cr - i);
      if (cr == end) {
        return;
      }
      pendingCr = true;
      i = cr + 1;
    }
  }

  /** Ends the body: a last line without CRLF gets one (§3.4.3, §3.4.4 and erratum 1384). */
  final void finish() {
    if (pendingCr) {
      append(CR, 0, 1);
      pendingCr = false;
    }
    if (lineLength > 0) {
      endLine();
    }
    if (!wroteAnything) {
      byte[] empty = emptyBody();
      sink.write(empty, 0, empty.length);
    }
  }

  private void append(byte[] b, int off, int len) {
    if (lineLength + len > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + len));
    }
    System.arraycopy(b, off, line, lineLength, len);
    lineLength += len;
  }

  private void endLine() {
    int length = canonicalLine(line, lineLength);
    lineLength = 0;
    if (length == 0) {
      heldEmptyLines++;
      return;
    }
    for (; heldEmptyLines > 0; heldEmptyLines--) {
      sink.write(CRLF, 0, 2);
    }
    sink.write(line, 0, length);
    sink.write(CRLF, 0, 2);
    wroteAnything = true;
  }
}
