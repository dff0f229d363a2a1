package org.webplatform.appliance.dns.rrl;

/**
 * Classifies a response from its bytes (header flags and counts, the owner and type of the first
 * authority record) and says where its rate-limiting name is. Reading the bytes rather than the
 * answer path's state keeps the limiter at the transport boundary, where any response passes.
 *
 * <p>A classification is an {@code int}: the {@link ResponseClass} ordinal in the low byte and,
 * above it, one more than the offset of the imputed name in the response (0: the root, used for
 * errors and for responses too short or malformed to name anything). No allocation; stateless.
 *
 * <p>Wildcard answers are not a class of their own: the synthesised records carry the query
 * name, so from the bytes they are positive answers keyed by query name.
 */
final class ResponseClassifier {
  private static final int NOERROR = 0;
  private static final int NXDOMAIN = 3;
  private static final int TYPE_NS = 2;
  private static final int TYPE_SOA = 6;
  private static final int ROOT = -1;
  private static final ResponseClass[] CLASSES = ResponseClass.values();

  private ResponseClassifier() {}

  static int classify(byte[] response) {
    if (response.length < Wire.HEADER_LENGTH) {
      return pack(ResponseClass.ERROR, ROOT);
    }
    int flags = Wire.u16(response, 2);
    int rcode = flags & 0xF;
    if (rcode != NOERROR && rcode != NXDOMAIN) {
      return pack(ResponseClass.ERROR, ROOT);
    }
    boolean oneQuestion = Wire.u16(response, 4) == 1;
    int answers = Wire.u16(response, 6);
    if (rcode == NOERROR && answers > 0) {
      return oneQuestion ? pack(ResponseClass.POSITIVE, Wire.HEADER_LENGTH) : errorClass();
    }
    int at = Wire.skipQuestions(response);
    for (int i = 0; i < answers && at >= 0; i++) {
      at = Wire.skipRecord(response, at);
    }
    int typeAt = Wire.u16(response, 8) > 0 && at >= 0 ? Wire.skipName(response, at) : -1;
    if (typeAt >= 0 && typeAt + 2 <= response.length) {
      if (rcode == NXDOMAIN) {
        return pack(ResponseClass.NXDOMAIN, at);
      }
      int type = Wire.u16(response, typeAt);
      boolean nodata =
          type == TYPE_SOA || (type != TYPE_NS && (flags & Wire.QR_AA) != 0);
      return pack(nodata ? ResponseClass.NODATA : ResponseClass.REFERRAL, at);
    }
    if (rcode == NXDOMAIN) {
      return pack(ResponseClass.NXDOMAIN, ROOT);
    }
    // Truncated (RFC 2181 §9: no records): it stands for the answer the client will fetch over
    // TCP, so it counts against that name.
    if ((flags & Wire.QR_TC) != 0 && oneQuestion) {
      return pack(ResponseClass.POSITIVE, Wire.HEADER_LENGTH);
    }
    return errorClass();
  }

  static ResponseClass responseClass(int classification) {
    return CLASSES[classification & 0xFF];
  }

  /** Offset of the imputed name in the response, or -1 for the root. */
  static int nameOffset(int classification) {
    return (classification >>> 8) - 1;
  }

  private static int errorClass() {
    return pack(ResponseClass.ERROR, ROOT);
  }

  private static int pack(ResponseClass responseClass, int nameOffset) {
    return ((nameOffset + 1) << 8) | responseClass.ordinal();
  }
}
