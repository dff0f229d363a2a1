package org.webplatform.appliance.dns.answer;

import java.nio.ByteBuffer;

/**
 * A complete response image with ID, RD and CD zeroed. Rendering copies it, patches those from
 * the query and copies the question name bytes as sent (same length as the image's, so every
 * compression pointer stays valid and 0x20 case is echoed). Immutable.
 */
final class MemoEntry {
  private static final int QUESTION_START = 12;
  private static final int RD = 0x01;
  private static final int CD = 0x10;

  private final byte[] image;
  private final int qtype;
  private final int rcode;
  private final boolean truncated;

  private MemoEntry(byte[] image, int qtype, int rcode, boolean truncated) {
    this.image = image;
    this.qtype = qtype;
    this.rcode = rcode;
    this.truncated = truncated;
  }

  static MemoEntry of(Outcome outcome) {
    byte[] image = outcome.wire().clone();
    image[0] = 0;
    image[1] = 0;
    image[2] &= (byte) ~RD;
    image[3] &= (byte) ~CD;
    return new MemoEntry(image, outcome.qtype(), outcome.rcode(), outcome.truncated());
  }

  byte[] render(ByteBuffer query, int nameLength) {
    int base = query.position();
    byte[] out = image.clone();
    out[0] = query.get(base);
    out[1] = query.get(base + 1);
    out[2] |= (byte) (query.get(base + 2) & RD);
    out[3] |= (byte) (query.get(base + 3) & CD);
    query.get(base + QUESTION_START, out, QUESTION_START, nameLength);
    return out;
  }

  int qtype() {
    return qtype;
  }

  int rcode() {
    return rcode;
  }

  boolean truncated() {
    return truncated;
  }
}
