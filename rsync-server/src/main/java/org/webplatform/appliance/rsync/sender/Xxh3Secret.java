package org.webplatform.appliance.rsync.sender;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The XXH3 secret as the long-input loop reads it (xxhash_spec.md, "Seed and Secret"): the
 * 192-byte default secret, or for a seed other than 0 the secret derived from it (even 64-bit
 * words plus the seed, odd words minus it). Inputs of up to 240 bytes always use the default
 * bytes and mix the seed in directly ({@link Xxh3Short}). Immutable; the words are pre-read so
 * the hot loop indexes a {@code long[]} instead of decoding bytes. One instance per seed: it is
 * the key of every {@link Xxh3} hash.
 */
final class Xxh3Secret {
  static final int LENGTH = 192;
  /** Stripes per 1024-byte block: (192 - 64) / 8. */
  static final int STRIPES_PER_BLOCK = 16;

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The specification's defaultSecret, byte for byte. */
  static final byte[] DEFAULT_BYTES =
      bytes(
          "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f"
              + "cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c"
              + "3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8"
              + "a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364"
              + "eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e"
              + "2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e");

  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  static final Xxh3Secret DEFAULT = new Xxh3Secret(0, DEFAULT_BYTES);

  /** The seed this secret belongs to; short and medium inputs mix it in directly. */
  final long seed;

  /** The secret as 24 little-endian words: stripe n of a block reads words n..n+7. */
  final long[] stripeWords;
  /** Words 16..23 (the last 64 bytes), applied when a block ends (round_scramble). */
  final long[] scrambleWords;
  /** 8 words from byte 121 (secretLength - 64 - 7) for the input's last 64 bytes. */
  final long[] lastStripeWords;
  /** 8 words from byte 11, the final merge of XXH3-64 and of XXH128's low half. */
  final long[] lowMergeWords;
  /** 8 words from byte 117 (secretLength - 75), the final merge of XXH128's high half. */
  final long[] highMergeWords;

  private Xxh3Secret(long seed, byte[] secret) {
    this.seed = seed;
    stripeWords = words(secret, 0, LENGTH / 8);
    scrambleWords = words(secret, LENGTH - 64, 8);
    lastStripeWords = words(secret, LENGTH - 64 - 7, 8);
    lowMergeWords = words(secret, 11, 8);
    highMergeWords = words(secret, LENGTH - 75, 8);
  }

  /** The key of XXH3_*_withSeed: the derived secret for inputs over 240 bytes, and the seed. */
  static Xxh3Secret forSeed(long seed) {
    if (seed == 0) {
      return DEFAULT;
    }
    byte[] derived = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i += 16) {
      LONG.set(derived, i, (long) LONG.get(DEFAULT_BYTES, i) + seed);
      LONG.set(derived, i + 8, (long) LONG.get(DEFAULT_BYTES, i + 8) - seed);
    }
    return new Xxh3Secret(seed, derived);
  }

  /** A little-endian 64-bit word of the default secret (short and medium inputs). */
  static long word(int offset) {
    return (long) LONG.get(DEFAULT_BYTES, offset);
  }

  /** An unsigned little-endian 32-bit word of the default secret (inputs of 1-3 bytes). */
  static long word32(int offset) {
    return (int) INT.get(DEFAULT_BYTES, offset) & 0xFFFFFFFFL;
  }

  private static long[] words(byte[] secret, int offset, int count) {
    long[] w = new long[count];
    for (int i = 0; i < count; i++) {
      w[i] = (long) LONG.get(secret, offset + 8 * i);
    }
    return w;
  }

  private static byte[] bytes(String hex) {
    byte[] b = new byte[hex.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
