package org.webplatform.appliance.smtp.dkim;

import java.io.ByteArrayOutputStream;

/**
 * RFC 6376 §3.4.4 "relaxed": WSP at line ends removed, other WSP runs become one SP, trailing
 * empty lines dropped; an empty body stays empty (no CRLF is added to it).
 */
final class RelaxedBody extends BodyCanonicalizer {
  RelaxedBody(Sink sink) {
    super(sink);
  }

  @Override
  byte[] canonicalLine(byte[] line, int len) {
    int end = len;
    while (end > 0 && isWsp(line[end - 1])) {
      end--;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(end);
    boolean inWsp = false;
    for (int i = 0; i < end; i++) {
      if (isWsp(line[i])) {
        inWsp = true;
        continue;
      }
      if (inWsp) {
        out.write(' ');
        inWsp = false;
      }
      out.write(line[i]);
    }
    return out.toByteArray();
  }

  @Override
  byte[] emptyBody() {
    return new byte[0];
  }

  private static boolean isWsp(byte b) {
    return b == ' ' || b == '\t';
  }
}
