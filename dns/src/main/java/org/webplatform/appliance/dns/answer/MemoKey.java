package org.webplatform.appliance.dns.answer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The key of a memoised response, parsed in place from a query of the common shape: standard
 * QUERY, QR clear, one question with an uncompressed name and class IN, no answer or authority
 * records, and either nothing else or exactly one bare OPT (root owner, version 0, no options).
 * Everything that changes the response except ID, RD, CD and the case of the question is part of
 * the key: lower-cased name, type, EDNS presence and DO bit, and the size limit.
 *
 * <p>A per-thread instance is reused as the lookup probe, so the hot path allocates nothing for
 * the key; {@link MemoRecord} stores a copy of it with the response. Not thread-safe.
 */
final class MemoKey {
  private static final int QUESTION_START = 12;
  private static final int MAX_NAME = 255;
  private static final int OPT_LENGTH = 11;

  /** The longest query of the common shape: header, longest name, type and class, OPT. */
  private static final int MAX_COMMON_SHAPE = QUESTION_START + MAX_NAME + 4 + OPT_LENGTH;

  private final byte[] name = new byte[MAX_NAME];
  /** The query when it is not in a heap array (a direct buffer over TCP). */
  private final byte[] copy = new byte[MAX_COMMON_SHAPE];
  private int nameLength;
  private int qtype;
  private int variant;
  private int limit;
  private int hash;

  /**
   * Parses {@code query} (position..limit, left unchanged) into this key.
   *
   * @return false when the query does not have the common shape; the key is then meaningless
   */
  boolean parse(ByteBuffer query, Transport transport, int maxUdpPayload) {
    int length = query.remaining();
    if (length < QUESTION_START + 5 || length > MAX_COMMON_SHAPE) {
      return false;
    }
    // Plain array reads: a ByteBuffer's get(int) checks its index on every one of the ~40 reads.
    if (query.hasArray()) {
      int base = query.arrayOffset() + query.position();
      return parse(query.array(), base, base + length, transport, maxUdpPayload);
    }
    query.get(query.position(), copy, 0, length);
    return parse(copy, 0, length, transport, maxUdpPayload);
  }

  /** {@link #parse(ByteBuffer, Transport, int)} of the message in {@code query[base..end)}. */
  private boolean parse(byte[] query, int base, int end, Transport transport, int maxUdpPayload) {
    // QR clear and opcode QUERY; the other bits of this octet (AA, TC, RD) do not matter.
    if ((query[base + 2] & 0xF8) != 0
        || u16(query, base + 4) != 1
        || u16(query, base + 6) != 0
        || u16(query, base + 8) != 0) {
      return false;
    }
    int arcount = u16(query, base + 10);
    if (arcount > 1) {
      return false;
    }
    int at = base + QUESTION_START;
    int length = 0;
    int h = 1;
    while (true) {
      if (at >= end) {
        return false;
      }
      int labelLength = query[at] & 0xFF;
      if (labelLength > 63 || length + labelLength + 1 > MAX_NAME || at + labelLength >= end) {
        return false; // compression pointer, extended label type, or too long
      }
      name[length++] = (byte) labelLength;
      at++;
      if (labelLength == 0) {
        break;
      }
      for (int i = 0; i < labelLength; i++) {
        byte b = query[at++];
        if (b >= 'A' && b <= 'Z') {
          b += 'a' - 'A';
        }
        name[length++] = b;
        h = 31 * h + b;
      }
    }
    if (at + 4 > end || u16(query, at + 2) != 1) {
      return false;
    }
    int type = u16(query, at);
    at += 4;
    int ednsVariant;
    int sizeLimit;
    if (arcount == 0) {
      if (at != end) {
        return false;
      }
      ednsVariant = 0;
      sizeLimit = Edns.responseLimit(false, 0, transport, maxUdpPayload);
    } else {
      if (end - at != OPT_LENGTH
          || query[at] != 0
          || u16(query, at + 1) != 41
          || query[at + 6] != 0
          || u16(query, at + 9) != 0) {
        return false;
      }
      boolean dnssecOk = (query[at + 7] & 0x80) != 0;
      ednsVariant = dnssecOk ? 2 : 1;
      sizeLimit = Edns.responseLimit(true, u16(query, at + 3), transport, maxUdpPayload);
    }
    this.nameLength = length;
    this.qtype = type;
    this.variant = ednsVariant;
    this.limit = sizeLimit;
    this.hash = ((h * 31 + length) * 31 + type) * 31 + ednsVariant * 65537 + sizeLimit;
    return true;
  }

  /** Length of the question name on the wire, the root label included. */
  int nameLength() {
    return nameLength;
  }

  int qtype() {
    return qtype;
  }

  /** 0 without EDNS, 1 with, 2 with the DO bit. */
  int variant() {
    return variant;
  }

  /** The size the response must fit into. */
  int limit() {
    return limit;
  }

  /** Hash of every part of the key; spread by the table that uses it. */
  int hash() {
    return hash;
  }

  /** Copies the lower-cased name ({@link #nameLength()} octets) to {@code to} at {@code at}. */
  void copyName(byte[] to, int at) {
    System.arraycopy(name, 0, to, at, nameLength);
  }

  /** True when {@code bytes} hold this key's lower-cased name at {@code at}. */
  boolean nameEquals(byte[] bytes, int at) {
    return Arrays.equals(name, 0, nameLength, bytes, at, at + nameLength);
  }

  private static int u16(byte[] bytes, int index) {
    return ((bytes[index] & 0xFF) << 8) | (bytes[index + 1] & 0xFF);
  }
}
