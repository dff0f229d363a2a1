package org.webplatform.appliance.rsync.sender;

import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME32_2;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME64_1;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME64_2;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME64_4;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME_MX2;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.avalanche;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.avalancheXxh64;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.fold;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.unsignedMultiplyHigh;
import static org.webplatform.appliance.rsync.sender.Xxh3Secret.word;
import static org.webplatform.appliance.rsync.sender.Xxh3Secret.word32;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH3-64 and XXH128 of inputs of up to {@link #MAX_LENGTH} bytes (xxhash_spec.md, "small" 0-16
 * and "medium" 17-128 / 129-240 byte inputs). These paths read the default secret and mix the
 * seed in arithmetically; only longer inputs use a derived secret. Stateless.
 */
final class Xxh3Short {
  static final int MAX_LENGTH = 240;

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private Xxh3Short() {}

  static long hash64(byte[] b, int off, int len, long seed) {
    if (len > 128) {
      return medium129To240(b, off, len, seed);
    }
    if (len > 16) {
      return medium17To128(b, off, len, seed);
    }
    if (len > 8) {
      return small9To16(b, off, len, seed);
    }
    if (len >= 4) {
      return small4To8(b, off, len, seed);
    }
    if (len > 0) {
      return avalancheXxh64(((word32(0) ^ word32(4)) + seed) ^ combined1To3(b, off, len));
    }
    return avalancheXxh64(seed ^ word(56) ^ word(64));
  }

  static Hash128 hash128(byte[] b, int off, int len, long seed) {
    if (len > 16) {
      return medium128(b, off, len, seed);
    }
    if (len > 8) {
      return small128For9To16(b, off, len, seed);
    }
    if (len >= 4) {
      return small128For4To8(b, off, len, seed);
    }
    if (len > 0) {
      int combined = (int) combined1To3(b, off, len);
      long swapped = Integer.rotateLeft(Integer.reverseBytes(combined), 13) & 0xFFFFFFFFL;
      return new Hash128(
          avalancheXxh64(((word32(0) ^ word32(4)) + seed) ^ (combined & 0xFFFFFFFFL)),
          avalancheXxh64(((word32(8) ^ word32(12)) - seed) ^ swapped));
    }
    return new Hash128(
        avalancheXxh64(seed ^ word(64) ^ word(72)), avalancheXxh64(seed ^ word(80) ^ word(88)));
  }

  /** Last byte, length, first byte, middle byte, from the low to the high byte. */
  private static long combined1To3(byte[] b, int off, int len) {
    int first = b[off] & 0xFF;
    int middle = b[off + (len >> 1)] & 0xFF;
    int last = b[off + len - 1] & 0xFF;
    return (last | len << 8 | first << 16 | middle << 24) & 0xFFFFFFFFL;
  }

  /** The seed with its low 32 bits byte-swapped into the high half, for 4-8 byte inputs. */
  private static long seed4To8(long seed) {
    return seed ^ ((long) Integer.reverseBytes((int) seed) << 32);
  }

  private static long small4To8(byte[] b, int off, int len, long seed) {
    long first = u32(b, off);
    long last = u32(b, off + len - 4);
    long h = ((word(8) ^ word(16)) - seed4To8(seed)) ^ (last | first << 32);
    h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
    h *= PRIME_MX2;
    h ^= (h >>> 35) + len;
    h *= PRIME_MX2;
    return h ^ (h >>> 28);
  }

  private static Hash128 small128For4To8(byte[] b, int off, int len, long seed) {
    long first = u32(b, off);
    long last = u32(b, off + len - 4);
    long value = ((word(16) ^ word(24)) + seed4To8(seed)) ^ (first | last << 32);
    long factor = PRIME64_1 + ((long) len << 2);
    long low = value * factor;
    long high = unsignedMultiplyHigh(value, factor);
    high += low << 1;
    low ^= high >>> 3;
    low ^= low >>> 35;
    low *= PRIME_MX2;
    low ^= low >>> 28;
    return new Hash128(low, avalanche(high));
  }

  private static long small9To16(byte[] b, int off, int len, long seed) {
    long low = ((word(24) ^ word(32)) + seed) ^ u64(b, off);
    long high = ((word(40) ^ word(48)) - seed) ^ u64(b, off + len - 8);
    return avalanche(len + Long.reverseBytes(low) + high + fold(low, high));
  }

  private static Hash128 small128For9To16(byte[] b, int off, int len, long seed) {
    long first = u64(b, off);
    long last = u64(b, off + len - 8);
    long val1 = ((word(32) ^ word(40)) - seed) ^ first ^ last;
    long val2 = ((word(48) ^ word(56)) + seed) ^ last;
    long low = val1 * PRIME64_1 + ((long) (len - 1) << 54);
    // high32(val2) << 32 + low32(val2) * PRIME32_2, written as val2 + low32 * (PRIME32_2 - 1).
    long high =
        unsignedMultiplyHigh(val1, PRIME64_1) + val2 + (val2 & 0xFFFFFFFFL) * (PRIME32_2 - 1);
    low ^= Long.reverseBytes(high);
    // {low, high} * PRIME64_2 as a 128-bit by 64-bit product.
    long productHigh = unsignedMultiplyHigh(low, PRIME64_2) + high * PRIME64_2;
    return new Hash128(avalanche(low * PRIME64_2), avalanche(productHigh));
  }

  /** mixStep: 16 input bytes against 16 secret bytes (at any offset) and the seed. */
  private static long mix16(byte[] b, int p, int secretOffset, long seed) {
    return fold(
        u64(b, p) ^ (word(secretOffset) + seed), u64(b, p + 8) ^ (word(secretOffset + 8) - seed));
  }

  private static long medium17To128(byte[] b, int off, int len, long seed) {
    long acc = len * PRIME64_1;
    for (int i = (len - 1) >> 5; i >= 0; i--) {
      acc += mix16(b, off + 16 * i, 32 * i, seed);
      acc += mix16(b, off + len - 16 - 16 * i, 32 * i + 16, seed);
    }
    return avalanche(acc);
  }

  private static long medium129To240(byte[] b, int off, int len, long seed) {
    long acc = len * PRIME64_1;
    for (int i = 0; i < 8; i++) {
      acc += mix16(b, off + 16 * i, 16 * i, seed);
    }
    acc = avalanche(acc);
    int chunks = len >> 4;
    for (int i = 8; i < chunks; i++) {
      acc += mix16(b, off + 16 * i, 16 * (i - 8) + 3, seed);
    }
    acc += mix16(b, off + len - 16, 119, seed);
    return avalanche(acc);
  }

  /** XXH128 of 17-240 bytes: two accumulators fed pairs of 16-byte chunks (mixTwoChunks). */
  private static Hash128 medium128(byte[] b, int off, int len, long seed) {
    long[] acc = {len * PRIME64_1, 0};
    if (len <= 128) {
      for (int i = (len - 1) >> 5; i >= 0; i--) {
        mixTwoChunks(acc, b, off + 16 * i, off + len - 16 - 16 * i, 32 * i, seed);
      }
    } else {
      for (int i = 0; i < 4; i++) {
        mixTwoChunks(acc, b, off + 32 * i, off + 32 * i + 16, 32 * i, seed);
      }
      acc[0] = avalanche(acc[0]);
      acc[1] = avalanche(acc[1]);
      int chunks = len >> 5;
      for (int i = 4; i < chunks; i++) {
        mixTwoChunks(acc, b, off + 32 * i, off + 32 * i + 16, 32 * (i - 4) + 3, seed);
      }
      // The last 32 bytes, halves swapped and the seed negated.
      mixTwoChunks(acc, b, off + len - 16, off + len - 32, 103, -seed);
    }
    long low = acc[0] + acc[1];
    long high = acc[0] * PRIME64_1 + acc[1] * PRIME64_4 + (len - seed) * PRIME64_2;
    return new Hash128(avalanche(low), -avalanche(high));
  }

  private static void mixTwoChunks(
      long[] acc, byte[] b, int first, int second, int secretOffset, long seed) {
    acc[0] += mix16(b, first, secretOffset, seed);
    acc[1] += mix16(b, second, secretOffset + 16, seed);
    acc[0] ^= u64(b, second) + u64(b, second + 8);
    acc[1] ^= u64(b, first) + u64(b, first + 8);
  }

  private static long u64(byte[] b, int p) {
    return (long) LONG.get(b, p);
  }

  private static long u32(byte[] b, int p) {
    return (int) INT.get(b, p) & 0xFFFFFFFFL;
  }
}
