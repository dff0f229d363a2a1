package org.webplatform.appliance.dns.rrl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
  private static final long MULTIPLIER = 0x9E37_79B9_7F4A_7C15L; // 2^64 / golden ratio, odd
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
   * pointers, so that every spelling and encoding of one name folds alike: the fold is over the
   * name's octets (label lengths included, so {@code a.bc} differs from {@code ab.c}) taken eight
   * at a time, whatever pointers split them. A malformed name folds up to the fault.
   *
   * <p>This runs for every limited-or-not response, so it works on whole words: runs of labels
   * between pointers are read eight octets at once and lower-cased with a few word operations
   * (length octets, at most 63, are never in {@code A-Z} and pass unchanged).
   */
  static long foldName(byte[] message, int at, long hash) {
    long h = hash;
    long word = 0;
    int fill = 0;
    int length = 0;
    int pointers = 0;
    while (at >= 0 && at < message.length) {
      // The run of labels from here up to the root label or a pointer.
      int end = at;
      int b = message[end] & 0xFF;
      while (b != 0 && (b & 0xC0) == 0) {
        length += b + 1;
        if (length > MAX_NAME || end + b + 1 >= message.length) {
          return h;
        }
        end += b + 1;
        b = message[end] & 0xFF;
      }
      for (int i = at; i < end; ) {
        if (fill == 0 && i + 8 <= end) {
          h = mix(h, lowerCase((long) LONGS.get(message, i)));
          i += 8;
        } else {
          word = (word << 8) | lowerCase(message[i++]);
          if (++fill == 8) {
            h = mix(h, word);
            word = 0;
            fill = 0;
          }
        }
      }
      boolean pointer = (b & 0xC0) == 0xC0 && end + 1 < message.length;
      if (!pointer || ++pointers > MAX_POINTERS) {
        break;
      }
      at = ((b & 0x3F) << 8) | (message[end + 1] & 0xFF);
    }
    return mix(mix(h, word), length);
  }

  /** Mixes one more word into a hash (multiply and rotate; the caller finishes with fmix64). */
  static long mix(long h, long value) {
    return Long.rotateLeft((h ^ value) * MULTIPLIER, 29);
  }

  /** ASCII lower case of one octet. */
  private static int lowerCase(byte octet) {
    int c = octet & 0xFF;
    return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
  }

  /**
   * ASCII lower case of eight octets at once: a byte has its 0x20 bit set when its low seven
   * bits are 0x41..0x5A and its top bit is clear (the two additions cannot carry across bytes).
   */
  private static long lowerCase(long octets) {
    long low7 = octets & 0x7F7F_7F7F_7F7F_7F7FL;
    long upper =
        ((low7 + 0x3F3F_3F3F_3F3F_3F3FL) ^ (low7 + 0x2525_2525_2525_2525L))
            & ~octets
            & 0x8080_8080_8080_8080L;
    return octets | (upper >>> 2);
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
