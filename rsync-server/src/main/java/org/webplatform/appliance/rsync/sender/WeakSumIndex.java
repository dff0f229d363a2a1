package org.webplatform.appliance.rsync.sender;

import java.util.Arrays;

/**
 * The client's blocks by weak sum (match.c build_hash_table): a power-of-two table of chains,
 * each listing lower block numbers first, so that equal blocks resolve to the earliest one as in
 * rsync.
 */
final class WeakSumIndex {
  private final int bits;
  private final int[] heads;
  private final int[] next;

  WeakSumIndex(BlockSums sums) {
    bits = 32 - Integer.numberOfLeadingZeros(Math.max(16, sums.count * 2) - 1);
    heads = new int[1 << bits];
    Arrays.fill(heads, -1);
    next = new int[sums.count];
    // Insert in reverse so each chain lists lower block numbers first.
    for (int i = sums.count - 1; i >= 0; i--) {
      int h = slot(sums.weak[i]);
      next[i] = heads[h];
      heads[h] = i;
    }
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
}
