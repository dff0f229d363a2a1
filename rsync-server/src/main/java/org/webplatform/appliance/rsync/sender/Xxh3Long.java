package org.webplatform.appliance.rsync.sender;

import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME32_1;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME32_2;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME32_3;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME64_1;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME64_2;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME64_3;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME64_4;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.PRIME64_5;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.avalanche;
import static org.webplatform.appliance.rsync.sender.Xxh3Mix.fold;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The XXH3 loop for inputs over 240 bytes (xxhash_spec.md, "large inputs"), shared by XXH3-64
 * and XXH128, which differ only in the final merge. Eight accumulators take 64-byte stripes; the
 * 16th stripe of each 1024-byte block is followed by a scramble.
 *
 * <p>Which stripes are accumulated normally: every stripe followed by at least one more input
 * byte. The last 64 bytes of the input (which may overlap the previous stripe) are then
 * accumulated with their own secret offset, and no scramble follows the last block even when it
 * is full. That is the specification's "blocks while more than a block remains, then the last
 * block" restated per stripe, so a streaming caller can consume a stripe as soon as it knows one
 * more byte exists.
 */
final class Xxh3Long {
  static final int STRIPE = 64;

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW32 = 0xFFFFFFFFL;

  private Xxh3Long() {}

  static void init(long[] acc) {
    acc[0] = PRIME32_3;
    acc[1] = PRIME64_1;
    acc[2] = PRIME64_2;
    acc[3] = PRIME64_3;
    acc[4] = PRIME64_4;
    acc[5] = PRIME32_2;
    acc[6] = PRIME64_5;
    acc[7] = PRIME32_1;
  }

  /** XXH3-64 of {@code len > 240} bytes in one call. */
  static long hash64(byte[] b, int off, int len, Xxh3Secret secret) {
    long[] acc = accumulateAll(b, off, len, secret);
    return mergeLow(acc, len, secret);
  }

  /** XXH128 of {@code len > 240} bytes in one call. */
  static Hash128 hash128(byte[] b, int off, int len, Xxh3Secret secret) {
    long[] acc = accumulateAll(b, off, len, secret);
    return new Hash128(mergeLow(acc, len, secret), mergeHigh(acc, len, secret));
  }

  private static long[] accumulateAll(byte[] b, int off, int len, Xxh3Secret secret) {
    long[] acc = new long[8];
    init(acc);
    stripes(acc, b, off, (len - 1) / STRIPE, 0, secret);
    lastStripe(acc, b, off + len - STRIPE, secret);
    return acc;
  }

  /**
   * Accumulates {@code count} stripes read from {@code b[p]} on, the first being stripe number
   * {@code position} (0-15) of its block; scrambles after each block's 16th stripe. Returns the
   * position of the stripe that would come next.
   */
  static int stripes(long[] acc, byte[] b, int p, int count, int position, Xxh3Secret secret) {
    long[] w = secret.stripeWords;
    int s = position;
    int left = count;
    while (left > 0) {
      int n = Math.min(left, Xxh3Secret.STRIPES_PER_BLOCK - s);
      // Lanes only interact in pairs (0,1), (2,3)...: lanes 0-3, then lanes 4-7 of the same
      // stripes (still in L1). With eight accumulators in one loop C2 (JDK 17) kept most of
      // them on the stack, a load and a store per update; four per loop spill less.
      fourLanes(acc, 0, b, p, n, w, s);
      fourLanes(acc, 4, b, p + 32, n, w, s + 4);
      p += n * STRIPE;
      left -= n;
      s += n;
      if (s == Xxh3Secret.STRIPES_PER_BLOCK) {
        long[] x = secret.scrambleWords;
        for (int i = 0; i < 8; i++) {
          long a = acc[i];
          acc[i] = ((a ^ (a >>> 47)) ^ x[i]) * PRIME32_1;
        }
        s = 0;
      }
    }
    return s;
  }

  /**
   * Lanes {@code first} to {@code first + 3} of {@code n} stripes, the lanes' data at {@code b[p]}
   * and the stripes' secret words from {@code w[k]} on. Lane j: acc[j ^ 1] += data; acc[j] +=
   * low32(data ^ key) * high32(data ^ key). A counted loop, so the JIT hoists the bounds checks.
   */
  private static void fourLanes(long[] acc, int first, byte[] b, int p, int n, long[] w, int k) {
    long a0 = acc[first];
    long a1 = acc[first + 1];
    long a2 = acc[first + 2];
    long a3 = acc[first + 3];
    for (int i = 0; i < n; i++) {
      int q = p + i * STRIPE;
      int j = k + i;
      long d0 = (long) LONG.get(b, q);
      long d1 = (long) LONG.get(b, q + 8);
      long d2 = (long) LONG.get(b, q + 16);
      long d3 = (long) LONG.get(b, q + 24);
      long k0 = d0 ^ w[j];
      long k1 = d1 ^ w[j + 1];
      long k2 = d2 ^ w[j + 2];
      long k3 = d3 ^ w[j + 3];
      a0 += d1 + (k0 & LOW32) * (k0 >>> 32);
      a1 += d0 + (k1 & LOW32) * (k1 >>> 32);
      a2 += d3 + (k2 & LOW32) * (k2 >>> 32);
      a3 += d2 + (k3 & LOW32) * (k3 >>> 32);
    }
    acc[first] = a0;
    acc[first + 1] = a1;
    acc[first + 2] = a2;
    acc[first + 3] = a3;
  }

  /** Accumulates the input's last 64 bytes, {@code b[p, p + 64)}, with their own secret words. */
  static void lastStripe(long[] acc, byte[] b, int p, Xxh3Secret secret) {
    long[] w = secret.lastStripeWords;
    for (int i = 0; i < 8; i++) {
      long d = (long) LONG.get(b, p + 8 * i);
      long k = d ^ w[i];
      acc[i ^ 1] += d;
      acc[i] += (k & LOW32) * (k >>> 32);
    }
  }

  /** XXH3-64, and the low half of XXH128. */
  static long mergeLow(long[] acc, long totalLength, Xxh3Secret secret) {
    return merge(acc, secret.lowMergeWords, totalLength * PRIME64_1);
  }

  /** The high half of XXH128. */
  static long mergeHigh(long[] acc, long totalLength, Xxh3Secret secret) {
    return merge(acc, secret.highMergeWords, ~(totalLength * PRIME64_2));
  }

  private static long merge(long[] acc, long[] w, long start) {
    long h = start;
    for (int i = 0; i < 8; i += 2) {
      h += fold(acc[i] ^ w[i], acc[i + 1] ^ w[i + 1]);
    }
    return avalanche(h);
  }
}
