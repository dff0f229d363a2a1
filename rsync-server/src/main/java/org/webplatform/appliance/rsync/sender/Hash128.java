package org.webplatform.appliance.rsync.sender;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A 128-bit XXH128 value as its two 64-bit halves (XXH128_hash_t low64 / high64). */
record Hash128(long low, long high) {
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Writes the 16 bytes rsync sends (checksum.c: SIVAL64 of low64, then of high64), that is the
   * value little-endian; the canonical form xxhsum prints is the reverse (big-endian).
   */
  void toWire(byte[] out, int off) {
    LONG.set(out, off, low);
    LONG.set(out, off + 8, high);
  }

  /** The canonical form xxhsum prints: 32 hex digits, high half first. */
  @Override
  public String toString() {
    return String.format("%016x%016x", high, low);
  }
}
