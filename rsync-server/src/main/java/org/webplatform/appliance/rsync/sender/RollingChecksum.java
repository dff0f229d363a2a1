package org.webplatform.appliance.rsync.sender;

/**
 * rsync's weak checksum (checksum.c get_checksum1, match.c rolling update) over signed bytes:
 * {@code s1 = sum b[i]}, {@code s2 = sum (k - i) * b[i]}, value {@code (s1 & 0xffff) | s2 << 16}.
 * Java's byte is signed, exactly what rsync's CHAR_OFFSET 0 / schar arithmetic gives.
 */
final class RollingChecksum {
  private int s1;
  private int s2;
  private int length;

  void reset(byte[] b, int off, int len) {
    int a = 0;
    int c = 0;
    // The plain loop: measured faster under C2 (JDK 17) than 8-byte unrolled and SWAR
    // (one long per 8 bytes) variants; it is the main sender cost of a delta pull.
    for (int i = 0; i < len; i++) {
      a += b[off + i];
      c += a;
    }
    s1 = a;
    s2 = c;
    length = len;
  }

  /** Slides the window one byte: drop {@code out}, append {@code in}. */
  void roll(byte out, byte in) {
    s1 += in - out;
    s2 += s1 - length * out;
  }

  /** Drops the first byte without adding one (the window shrinks at the end of the file). */
  void shrink(byte out) {
    s1 -= out;
    s2 -= length * out;
    length--;
  }

  int length() {
    return length;
  }

  int value() {
    return (s1 & 0xffff) | (s2 << 16);
  }
}
