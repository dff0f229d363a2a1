package org.webplatform.appliance.rsync.sender;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XXH3-64 and XXH128 (written from the public xxHash specification, doc/xxhash_spec.md), in one
 * call or streaming. rsync's {@code xxh3} and {@code xxh128} checksums (checksum.c): block sums
 * are XXH3_*_withSeed with the int checksum seed sign-extended to 64 bits, whole-file and
 * {@code -c} sums are unseeded and streamed; rsync sends the 64-bit value little-endian and the
 * 128-bit one as low half then high half, each little-endian ({@link Hash128#toWire}).
 *
 * <p>Streaming keeps every byte until more than 256 have arrived (inputs of up to 240 bytes
 * take different paths), then consumes a 64-byte stripe only once at least one byte follows it
 * (see {@link Xxh3Long}); what is left is at most 256 bytes, kept after a copy of the 64 bytes
 * before it so the input's last 64 bytes are always contiguous. Not thread-safe.
 */
final class Xxh3 {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int KEPT = 256;
  /** Bytes [0, 64): the last 64 consumed bytes; from 64 on: the bytes not consumed yet. */
  private final byte[] buffer = new byte[Xxh3Long.STRIPE + KEPT];
  private final long[] acc = new long[8];
  private final long[] finalAcc = new long[8];
  private Xxh3Secret secret = Xxh3Secret.DEFAULT;
  private long total;
  private int kept;
  private int position;

  Xxh3() {
    reset(Xxh3Secret.DEFAULT);
  }

  /** Starts a new hash with this secret (and its seed); {@link Xxh3Secret#DEFAULT}: unseeded. */
  void reset(Xxh3Secret secret) {
    this.secret = secret;
    Xxh3Long.init(acc);
    total = 0;
    kept = 0;
    position = 0;
  }

  void update(byte[] b, int off, int len) {
    total += len;
    if (len <= KEPT - kept) {
      System.arraycopy(b, off, buffer, Xxh3Long.STRIPE + kept, len);
      kept += len;
      return;
    }
    if (kept > 0) {
      // Fill the buffer; more input follows, so all four of its stripes can be consumed.
      int fill = KEPT - kept;
      System.arraycopy(b, off, buffer, Xxh3Long.STRIPE + kept, fill);
      off += fill;
      len -= fill;
      position =
          Xxh3Long.stripes(acc, buffer, Xxh3Long.STRIPE, KEPT / Xxh3Long.STRIPE, position, secret);
      System.arraycopy(buffer, KEPT, buffer, 0, Xxh3Long.STRIPE);
      kept = 0;
    }
    if (len > Xxh3Long.STRIPE) {
      int stripes = (len - 1) / Xxh3Long.STRIPE;
      position = Xxh3Long.stripes(acc, b, off, stripes, position, secret);
      off += stripes * Xxh3Long.STRIPE;
      len -= stripes * Xxh3Long.STRIPE;
      System.arraycopy(b, off - Xxh3Long.STRIPE, buffer, 0, Xxh3Long.STRIPE);
    }
    System.arraycopy(b, off, buffer, Xxh3Long.STRIPE, len);
    kept = len;
  }

  /** XXH3-64 of everything since the last reset; the state is unchanged (more may follow). */
  long digest64() {
    if (total <= Xxh3Short.MAX_LENGTH) {
      return Xxh3Short.hash64(buffer, Xxh3Long.STRIPE, kept, secret.seed);
    }
    return Xxh3Long.mergeLow(finishLong(), total, secret);
  }

  /** XXH128 of everything since the last reset; the state is unchanged. */
  Hash128 digest128() {
    if (total <= Xxh3Short.MAX_LENGTH) {
      return Xxh3Short.hash128(buffer, Xxh3Long.STRIPE, kept, secret.seed);
    }
    long[] a = finishLong();
    return new Hash128(Xxh3Long.mergeLow(a, total, secret), Xxh3Long.mergeHigh(a, total, secret));
  }

  /** The accumulators after the kept stripes that have a byte after them and the last stripe. */
  private long[] finishLong() {
    System.arraycopy(acc, 0, finalAcc, 0, 8);
    Xxh3Long.stripes(
        finalAcc, buffer, Xxh3Long.STRIPE, (kept - 1) / Xxh3Long.STRIPE, position, secret);
    Xxh3Long.lastStripe(finalAcc, buffer, kept, secret);
    return finalAcc;
  }

  /** XXH3_64bits_withSeed of {@code b[off, off + len)}, the seed being the secret's. */
  static long hash64(byte[] b, int off, int len, Xxh3Secret secret) {
    return len <= Xxh3Short.MAX_LENGTH
        ? Xxh3Short.hash64(b, off, len, secret.seed)
        : Xxh3Long.hash64(b, off, len, secret);
  }

  /** XXH3_128bits_withSeed of {@code b[off, off + len)}, the seed being the secret's. */
  static Hash128 hash128(byte[] b, int off, int len, Xxh3Secret secret) {
    return len <= Xxh3Short.MAX_LENGTH
        ? Xxh3Short.hash128(b, off, len, secret.seed)
        : Xxh3Long.hash128(b, off, len, secret);
  }

  /** Writes an XXH3-64 value as rsync sends it (SIVAL64: 8 bytes, little-endian). */
  static void toWire(long value, byte[] out, int off) {
    LONG.set(out, off, value);
  }
}
