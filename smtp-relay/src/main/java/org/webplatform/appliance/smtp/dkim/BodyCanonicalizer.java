package org.webplatform.appliance.smtp.dkim;

import java.io.ByteArrayOutputStream;

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

  private final Sink sink;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private long heldEmptyLines;
  private boolean wroteAnything;
  private boolean pendingCr;

  BodyCanonicalizer(Sink sink) {
    this.sink = sink;
  }

  /** The canonical content of one line, without its CRLF; empty means an empty line. */
  abstract byte[] canonicalLine(byte[] line, int len);

  /** What an empty body canonicalizes to. */
  abstract byte[] emptyBody();

  final void update(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (pendingCr) {
        pendingCr = false;
        if (c == '\n') {
          endLine();
          continue;
        }
        line.write('\r');
      }
      if (c == '\r') {
        pendingCr = true;
      } else {
        line.write(c);
      }
    }
  }

  /** Ends the body: a last line without CRLF gets one (§3.4.3, §3.4.4 and erratum 1384). */
  final void finish() {
    if (pendingCr) {
      line.write('\r');
      pendingCr = false;
    }
    if (line.size() > 0) {
      endLine();
    }
    if (!wroteAnything) {
      byte[] empty = emptyBody();
      sink.write(empty, 0, empty.length);
    }
  }

  private void endLine() {
    byte[] canonical = canonicalLine(line.toByteArray(), line.size());
    line.reset();
    if (canonical.length == 0) {
      heldEmptyLines++;
      return;
    }
    for (; heldEmptyLines > 0; heldEmptyLines--) {
      sink.write(CRLF, 0, 2);
    }
    sink.write(canonical, 0, canonical.length);
    sink.write(CRLF, 0, 2);
    wroteAnything = true;
  }
}
