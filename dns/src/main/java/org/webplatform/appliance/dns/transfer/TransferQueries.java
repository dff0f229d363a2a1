package org.webplatform.appliance.dns.transfer;

import java.nio.ByteBuffer;
import org.webplatform.appliance.dns.answer.Transport;
import org.xbill.DNS.Type;

/**
 * Tells zone transfer queries from the rest by reading the header and the question in place: no
 * allocation, a few dozen reads, so every other query pays next to nothing. Stateless.
 */
final class TransferQueries {
  private static final int HEADER_LENGTH = 12;

  private TransferQueries() {}

  /**
   * The query type when {@code query} is a transfer query this side handles, else 0: a standard
   * QUERY (opcode 0, QR clear) with one question of type AXFR (TCP only: over UDP the general
   * path answers NOTIMP, as NSD does) or IXFR (both transports, RFC 1995 §2). The buffer's
   * position is left unchanged.
   */
  static int transferType(ByteBuffer query, Transport transport) {
    int base = query.position();
    int end = query.limit();
    if (end - base < HEADER_LENGTH + 5
        || (query.get(base + 2) & 0xF8) != 0
        || u16(query, base + 4) != 1) {
      return 0;
    }
    int at = base + HEADER_LENGTH;
    while (true) {
      int length = query.get(at) & 0xFF;
      if (length == 0) {
        at++;
        break;
      }
      if (length > 63) {
        return 0; // a pointer or an extended label type cannot start a question name
      }
      at += length + 1;
      if (at >= end) {
        return 0;
      }
    }
    if (at + 4 > end) {
      return 0;
    }
    int type = u16(query, at);
    if (type == Type.IXFR || (type == Type.AXFR && transport == Transport.TCP)) {
      return type;
    }
    return 0;
  }

  private static int u16(ByteBuffer buffer, int index) {
    return ((buffer.get(index) & 0xFF) << 8) | (buffer.get(index + 1) & 0xFF);
  }
}
