package org.webplatform.appliance.dns.rrl;

import java.util.Locale;

/**
 * Reads what rate limiting needs from a DNS message in place (RFC 1035 §4.1), without allocating.
 * Every read is bounds-checked: a malformed message yields -1 or stops a walk, never an exception,
 * because responses relayed from elsewhere need not be well-formed.
 */
final class Wire {
  static final int HEADER_LENGTH = 12;
  static final int QR_TC = 0x0200;
  static final int QR_AA = 0x0400;
  private static final int MAX_NAME = 255;
  private static final int MAX_POINTERS = 64;
  private static final long FNV_PRIME = 0x100000001B3L;

  private Wire() {}

  static int u16(byte[] message, int at) {
    return ((message[at] & 0xFF) << 8) | (message[at + 1] & 0xFF);
  }

  /**
   * Offset just after the name at {@code at}: after its root label, or after the compression
   * pointer that ends it (RFC 1035 §4.1.4); -1 when it runs past the end, is longer than 255
   * octets or uses a reserved label type.
   */
  static int skipName(byte[] message, int at) {
    int length = 0;
    while (at >= 0 && at < message.length) {
      int b = message[at] & 0xFF;
      if (b == 0) {
        return at + 1;
      }
      if ((b & 0xC0) == 0xC0) {
        return at + 2 <= message.length ? at + 2 : -1;
      }
      length += b + 1;
      if ((b & 0xC0) != 0 || length > MAX_NAME) {
        return -1;
      }
      at += b + 1;
    }
    return -1;
  }

  /** Offset just after the resource record at {@code at}, or -1. */
  static int skipRecord(byte[] message, int at) {
    int fixed = skipName(message, at);
    if (fixed < 0 || fixed + 10 > message.length) {
      return -1;
    }
    int end = fixed + 10 + u16(message, fixed + 8);
    return end <= message.length ? end : -1;
  }

  /** Offset just after the question section (QDCOUNT entries), or -1. */
  static int skipQuestions(byte[] message) {
    int at = HEADER_LENGTH;
    for (int i = u16(message, 4); i > 0 && at >= 0; i--) {
      at = skipName(message, at);
      at = at < 0 || at + 4 > message.length ? -1 : at + 4;
    }
    return at;
  }

  /**
   * Folds the name at {@code at} into {@code hash}, lower-cased and following compression
   * pointers, so that every spelling and encoding of one name folds alike. Label lengths are
   * folded too ({@code a.bc} differs from {@code ab.c}). A malformed name folds up to the fault.
   */
  static long foldName(byte[] message, int at, long hash) {
    int length = 0;
    int pointers = 0;
    long h = hash;
    while (at >= 0 && at < message.length) {
      int b = message[at] & 0xFF;
      if (b == 0) {
        return h;
      }
      if ((b & 0xC0) == 0xC0) {
        if (at + 1 >= message.length || ++pointers > MAX_POINTERS) {
          return h;
        }
        at = ((b & 0x3F) << 8) | (message[at + 1] & 0xFF);
        continue;
      }
      length += b + 1;
      if ((b & 0xC0) != 0 || length > MAX_NAME || at + b >= message.length) {
        return h;
      }
      h = (h ^ b) * FNV_PRIME;
      for (int i = at + 1; i <= at + b; i++) {
        int c = message[i] & 0xFF;
        if (c >= 'A' && c <= 'Z') {
          c += 'a' - 'A';
        }
        h = (h ^ c) * FNV_PRIME;
      }
      at += b + 1;
    }
    return h;
  }

  /** The name at {@code at} in presentation form, lower-cased, for log lines. */
  static String nameText(byte[] message, int at) {
    StringBuilder text = new StringBuilder();
    int pointers = 0;
    while (at >= 0 && at < message.length && text.length() <= MAX_NAME) {
      int b = message[at] & 0xFF;
      if (b == 0) {
        break;
      }
      if ((b & 0xC0) == 0xC0) {
        if (at + 1 >= message.length || ++pointers > MAX_POINTERS) {
          break;
        }
        at = ((b & 0x3F) << 8) | (message[at + 1] & 0xFF);
        continue;
      }
      if ((b & 0xC0) != 0 || at + b >= message.length) {
        break;
      }
      for (int i = at + 1; i <= at + b; i++) {
        int c = message[i] & 0xFF;
        if (c > 0x20 && c < 0x7F && c != '.' && c != '\\') {
          text.append((char) c);
        } else {
          text.append('\\').append(String.format(Locale.ROOT, "%03d", c));
        }
      }
      text.append('.');
      at += b + 1;
    }
    return text.length() == 0 ? "." : text.toString().toLowerCase(Locale.ROOT);
  }
}
