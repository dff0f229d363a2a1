package org.webplatform.appliance.rsync.sender;

import java.util.Arrays;

/**
 * The client's blocks by weak sum (match.c build_hash_table): a power-of-two table of chains,
 * each listing lower block numbers first, so that equal blocks resolve to the earliest one as in
 * rsync.
 *
 * <p>In front of it a one-bit-per-slot filter about 32 times larger than the block count says
 * whether a sum can be in the table at all: in changed data the window moves a byte at a time
 * and almost every position has no candidate, so the filter (a few KiB to a few MiB, mostly in
 * cache) answers for ~97 % of them without touching the chains (rsync's tag table serves the
 * same purpose).
 */
final class WeakSumIndex {
  /** 2^26 bits = 8 MiB: enough for 2 million blocks at the full ratio. */
  private static final int MAX_FILTER_BITS = 26;

  private final int bits;
  private final int[] heads;
  private final int[] next;
  private final int filterBits;
  private final long[] filter;

  WeakSumIndex(BlockSums sums) {
    bits = 32 - Integer.numberOfLeadingZeros(Math.max(16, sums.count * 2) - 1);
    heads = new int[1 << bits];
    Arrays.fill(heads, -1);
    next = new int[sums.count];
    filterBits = Math.min(MAX_FILTER_BITS, Math.max(12, bits + 4));
    filter = new long[1 << (filterBits - 6)];
    // Insert in reverse so each chain lists lower block numbers first.
    for (int i = sums.count - 1; i >= 0; i--) {
      int h = slot(sums.weak[i]);
      next[i] = heads[h];
      heads[h] = i;
      int f = filterSlot(sums.weak[i]);
      filter[f >>> 6] |= 1L << f;
    }
  }

  /** False when no block has weak sum {@code sum}; true when one may. */
  boolean mayHold(int sum) {
    int f = filterSlot(sum);
    return (filter[f >>> 6] & (1L << f)) != 0;
  }

  /** The first block of the chain {@code sum} falls into, or -1; its weak sum may differ. */
  int first(int sum) {
    return heads[slot(sum)];
  }

  /** The block after {@code block} in its chain, or -1. */
  int next(int block) {
    return next[block];
  }

  private int slot(int sum) {
    return (sum * 0x9E3779B9) >>> (32 - bits);
  }

  /** Another multiplier than {@link #slot}, so filter and table collisions are independent. */
  private int filterSlot(int sum) {
    return (sum * 0x85EBCA6B) >>> (32 - filterBits);
  }
}
