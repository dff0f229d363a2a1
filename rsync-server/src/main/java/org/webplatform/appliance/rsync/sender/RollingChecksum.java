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
    // (one long per 8 bytes) variants. DeltaGenerator needs it only where a run of matches
    // breaks; inside a run it compares strong sums first.
    for (int i = 0; i < len; i++) {
      a += b[off + i];
      c += a;
    }
    s1 = a;
    s2 = c;
    length = len;
  }

  /**
   * Slides the window {@code k = length()} bytes wide, now at {@code b[p]}, forward one byte at a
   * time (drop the first byte, append the next), at most {@code max} bytes, stopping at the first
   * window whose weak sum {@code index} may hold (match.c hash_search's byte loop). The caller guarantees {@code b[p + max - 1 + k]}
   * exists and {@code max >= 1}; returns how far the window moved.
   */
  int slide(byte[] b, int p, int max, WeakSumIndex index) {
    int a = s1;
    int c = s2;
    int k = length;
    int n = 0;
    do {
      byte out = b[p + n];
      a += b[p + n + k] - out;
      c += a - k * out;
      n++;
    } while (n < max && !index.mayHold((a & 0xffff) | (c << 16)));
    s1 = a;
    s2 = c;
    return n;
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
