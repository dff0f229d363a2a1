package org.webplatform.appliance.dns.rrl;

/**
 * The "slip" answer sent instead of a rate-limited response: the same header with TC set (RFC
 * 1035 §4.1.1) and no records, the question, and the OPT record when the response had one (RFC
 * 6891 §7: a client that sent EDNS gets it back), without its options. A real resolver retries
 * over TCP, which is never limited; a spoofed victim receives no more octets than the query had.
 * Stateless.
 */
final class SlipResponse {
  private static final int TYPE_OPT = 41;
  private static final int OPT_FIXED = 11;

  private SlipResponse() {}

  /** The truncated form of {@code response}, or null when it is too malformed to have one. */
  static byte[] of(byte[] response) {
    if (response.length < Wire.HEADER_LENGTH) {
      return null;
    }
    int questionEnd = Wire.skipQuestions(response);
    if (questionEnd < 0) {
      return null;
    }
    int opt = findOpt(response, questionEnd);
    byte[] slip = new byte[questionEnd + (opt >= 0 ? OPT_FIXED : 0)];
    System.arraycopy(response, 0, slip, 0, questionEnd);
    slip[2] |= (byte) (Wire.QR_TC >> 8);
    for (int count = 6; count < Wire.HEADER_LENGTH; count++) {
      slip[count] = 0; // ANCOUNT, NSCOUNT, ARCOUNT
    }
    if (opt >= 0) {
      slip[11] = 1;
      // Root owner (0), then TYPE, CLASS (payload size) and TTL (extended rcode, version, DO)
      // as the response had them, then RDLENGTH 0.
      System.arraycopy(response, opt + 1, slip, questionEnd + 1, 8);
    }
    return slip;
  }

  /** Offset of the OPT record among the records after {@code at}, or -1. */
  private static int findOpt(byte[] response, int at) {
    int records = Wire.u16(response, 6) + Wire.u16(response, 8) + Wire.u16(response, 10);
    for (int i = 0; i < records && at >= 0; i++) {
      int type = Wire.skipName(response, at);
      if (response[at] == 0 && type >= 0 && type + 2 <= response.length
          && Wire.u16(response, type) == TYPE_OPT) {
        return at;
      }
      at = Wire.skipRecord(response, at);
    }
    return -1;
  }
}
