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
    long a0 = acc[0];
    long a1 = acc[1];
    long a2 = acc[2];
    long a3 = acc[3];
    long a4 = acc[4];
    long a5 = acc[5];
    long a6 = acc[6];
    long a7 = acc[7];
    int s = position;
    for (int end = p + count * STRIPE; p < end; p += STRIPE) {
      // Lane i: acc[i ^ 1] += data; acc[i] += low32(data ^ key) * high32(data ^ key).
      long d0 = (long) LONG.get(b, p);
      long d1 = (long) LONG.get(b, p + 8);
      long d2 = (long) LONG.get(b, p + 16);
      long d3 = (long) LONG.get(b, p + 24);
      long d4 = (long) LONG.get(b, p + 32);
      long d5 = (long) LONG.get(b, p + 40);
      long d6 = (long) LONG.get(b, p + 48);
      long d7 = (long) LONG.get(b, p + 56);
      long k0 = d0 ^ w[s];
      long k1 = d1 ^ w[s + 1];
      long k2 = d2 ^ w[s + 2];
      long k3 = d3 ^ w[s + 3];
      long k4 = d4 ^ w[s + 4];
      long k5 = d5 ^ w[s + 5];
      long k6 = d6 ^ w[s + 6];
      long k7 = d7 ^ w[s + 7];
      a0 += d1 + (k0 & LOW32) * (k0 >>> 32);
      a1 += d0 + (k1 & LOW32) * (k1 >>> 32);
      a2 += d3 + (k2 & LOW32) * (k2 >>> 32);
      a3 += d2 + (k3 & LOW32) * (k3 >>> 32);
      a4 += d5 + (k4 & LOW32) * (k4 >>> 32);
      a5 += d4 + (k5 & LOW32) * (k5 >>> 32);
      a6 += d7 + (k6 & LOW32) * (k6 >>> 32);
      a7 += d6 + (k7 & LOW32) * (k7 >>> 32);
      if (++s == Xxh3Secret.STRIPES_PER_BLOCK) {
        long[] x = secret.scrambleWords;
        a0 = scramble(a0, x[0]);
        a1 = scramble(a1, x[1]);
        a2 = scramble(a2, x[2]);
        a3 = scramble(a3, x[3]);
        a4 = scramble(a4, x[4]);
        a5 = scramble(a5, x[5]);
        a6 = scramble(a6, x[6]);
        a7 = scramble(a7, x[7]);
        s = 0;
      }
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
    acc[4] = a4;
    acc[5] = a5;
    acc[6] = a6;
    acc[7] = a7;
    return s;
  }

  private static long scramble(long a, long key) {
    return ((a ^ (a >>> 47)) ^ key) * PRIME32_1;
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
