package org.webplatform.appliance.rsync.sender;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH64 (written from the public xxHash specification), streaming. rsync's {@code xxh64}
 * checksum: block sums seeded with the checksum seed, file sums with seed 0, the 64-bit value
 * sent little-endian. Several times faster than MD5, which is what keeps a JDK-only sender
 * close to stock rsync (xxh128) on full and delta pulls.
 */
final class Xxh64 {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private long seed;
  private long v1;
  private long v2;
  private long v3;
  private long v4;
  private long total;
  private final byte[] pending = new byte[32];
  private int pendingLength;

  Xxh64() {
    reset(0);
  }

  void reset(long seed) {
    this.seed = seed;
    v1 = seed + P1 + P2;
    v2 = seed + P2;
    v3 = seed;
    v4 = seed - P1;
    total = 0;
    pendingLength = 0;
  }

  void update(byte[] b, int off, int len) {
    total += len;
    if (pendingLength > 0) {
      int n = Math.min(len, 32 - pendingLength);
      System.arraycopy(b, off, pending, pendingLength, n);
      pendingLength += n;
      off += n;
      len -= n;
      if (pendingLength < 32) {
        return;
      }
      stripe(pending, 0);
      pendingLength = 0;
    }
    int end = off + len - 31;
    while (off < end) {
      stripe(b, off);
      off += 32;
      len -= 32;
    }
    if (len > 0) {
      System.arraycopy(b, off, pending, 0, len);
      pendingLength = len;
    }
  }

  private void stripe(byte[] b, int p) {
    v1 = round(v1, (long) LONG.get(b, p));
    v2 = round(v2, (long) LONG.get(b, p + 8));
    v3 = round(v3, (long) LONG.get(b, p + 16));
    v4 = round(v4, (long) LONG.get(b, p + 24));
  }

  long value() {
    long h;
    if (total >= 32) {
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12)
          + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = seed + P5;
    }
    h += total;
    return finish(h, pending, 0, pendingLength);
  }

  /** The value as rsync sends it: 8 bytes, little-endian. */
  void digest(byte[] out, int off) {
    LONG.set(out, off, value());
  }

  static long hash(byte[] b, int off, int len, long seed) {
    Xxh64 x = new Xxh64();
    x.reset(seed);
    x.update(b, off, len);
    return x.value();
  }

  private static long finish(long h, byte[] b, int p, int len) {
    int end = p + len;
    while (p + 8 <= end) {
      h ^= round(0, (long) LONG.get(b, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
      p += 8;
    }
    if (p + 4 <= end) {
      h ^= ((int) INT.get(b, p) & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    while (p < end) {
      h ^= (b[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
      p++;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  private static long round(long acc, long input) {
    acc += input * P2;
    acc = Long.rotateLeft(acc, 31);
    return acc * P1;
  }

  private static long merge(long acc, long val) {
    acc ^= round(0, val);
    return acc * P1 + P4;
  }
}
