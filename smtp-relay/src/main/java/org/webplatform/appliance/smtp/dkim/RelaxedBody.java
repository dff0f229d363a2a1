package org.webplatform.appliance.smtp.dkim;

/**
 * RFC 6376 §3.4.4 "relaxed": WSP at line ends removed, other WSP runs become one SP, trailing
 * empty lines dropped; an empty body stays empty (no CRLF is added to it).
 */
final class RelaxedBody extends BodyCanonicalizer {
  RelaxedBody(Sink sink) {
    super(sink);
  }

  @Override
  int canonicalLine(byte[] line, int len) {
    int end = len;
    while (end > 0 && isWsp(line[end - 1])) {
      end--;
    }
    // In place: a run of WSP shrinks to one SP, so the write index never passes the read index.
    int out = 0;
    boolean inWsp = false;
    for (int i = 0; i < end; i++) {
      byte c = line[i];
      if (isWsp(c)) {
        inWsp = true;
        continue;
      }
      if (inWsp) {
        line[out++] = ' ';
        inWsp = false;
      }
      line[out++] = c;
    }
    return out;
  }

  @Override
  byte[] emptyBody() {
    return new byte[0];
  }

  private static boolean isWsp(byte b) {
    return b == ' ' || b == '\t';
  }
}
