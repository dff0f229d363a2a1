package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Turns a source file plus the client's block sums into tokens (match.c hash_search /
 * matched): a window the size of a block slides over the file; where its weak sum and then its
 * (seeded, truncated) MD5 equal a client block, a block reference replaces the data. Also
 * computes the whole-file MD5 the client verifies. With {@code --inplace} the client overwrites
 * its basis as it goes, so blocks that lie before the current output offset are never used
 * (match.c: updating_basis_file).
 *
 * <p>Run continuation: where the previous window matched block {@code i}, the next window is
 * first compared with block {@code i + 1} by its strong sum alone, and the weak sum is only
 * computed (in full) when that fails. In an unchanged stretch of a file, which is most of a
 * delta pull, this saves recomputing the weak sum of every block, the sender's largest cost.
 * It gives up the 32 bits of the weak sum for that one candidate, leaving the client's
 * {@code s2length} bytes of strong sum (at least 2; generator.c sizes them for the file). A
 * false match is still caught: the client checks the whole-file sum and asks for the file again
 * in the redo phase with full-length strong sums (receiver.c, sender.c), as it does for any
 * false match of rsync's truncated sums.
 */
final class DeltaGenerator {
  /** Literal data is sent once this much has accumulated without a match. */
  private static final int LITERAL_FLUSH = 256 * 1024;

  private final ChecksumType.FileSum fileSum;
  private final ChecksumType.BlockSum blockSum;
  private final boolean inplace;
  private final Runnable tick;
  private byte[] buf = new byte[1 << 20];
  /** The strong sum of the current window, full length. */
  private final byte[] windowStrong = new byte[ChecksumType.MAX_LENGTH];
  private FileChannel in;
  private long len;
  private boolean shortRead;
  private long bufStart;
  private int bufLength;
  private long literalBytes;
  private long matchedBytes;

  /**
   * @param seed the checksum seed
   * @param seedFirst MD5(seed || block) (CF_CHKSUM_SEED_FIX) instead of MD5(block || seed)
   */
  DeltaGenerator(
      ChecksumType checksum, int seed, boolean seedFirst, boolean inplace, Runnable tick) {
    this.fileSum = checksum.newFileSum();
    this.blockSum = checksum.newBlockSum(seed, seedFirst);
    this.inplace = inplace;
    this.tick = tick;
  }

  long literalBytes() {
    return literalBytes;
  }

  long matchedBytes() {
    return matchedBytes;
  }

  /** True when the file was shorter than its length at open (the rest was sent as zeros). */
  boolean shortRead() {
    return shortRead;
  }

  /**
   * Sends the first {@code length} bytes of the file (its size at open, as rsync takes it from
   * fstat) as tokens; returns their MD5.
   */
  byte[] send(FileChannel in, long length, BlockSums sums, TokenWriter out) throws IOException {
    this.in = in;
    this.len = length;
    bufStart = 0;
    bufLength = 0;
    shortRead = false;
    if (sums.count == 0 || !out.allowsBlocks()) {
      long from = 0;
      while (from < len) {
        int n = (int) Math.min(buf.length, len - from);
        ensure(from, n, from);
        emitLiteral(from, from + n, out);
        from += n;
        tick.run();
      }
    } else {
      search(sums, out);
    }
    out.end();
    return fileSum.digest();
  }

  private void search(BlockSums sums, TokenWriter out) throws IOException {
    int need = LITERAL_FLUSH + 2 * sums.blockLength + 64 * 1024;
    if (buf.length < need) {
      buf = new byte[need];
    }
    WeakSumIndex index = new WeakSumIndex(sums);
    long end = len + 1 - sums.length(sums.count - 1);
    long offset = 0;
    long lastMatch = 0;
    int wanted = 0;
    ensure(0, sums.blockLength, 0);
    int k = (int) Math.min(sums.blockLength, len);
    RollingChecksum weak = new RollingChecksum();
    // The first window tries block 0 as if it continued a run.
    boolean afterMatch = true;
    while (offset < end) {
      int match = -1;
      boolean strongDone = false;
      if (afterMatch) {
        afterMatch = false;
        if (continuesRun(sums, wanted, offset, k)) {
          strongSum(pos(offset), k);
          strongDone = true;
          if (equalsPrefix(sums, wanted)) {
            match = wanted;
          }
        }
        if (match < 0) {
          weak.reset(buf, pos(offset), k);
        }
      }
      if (match < 0) {
        int sum = weak.value();
        if (index.mayHold(sum)) {
          match = searchChain(sums, index, sum, offset, k, wanted, strongDone);
        }
      }
      if (match >= 0) {
        emitLiteral(lastMatch, offset, out);
        fileSum.update(buf, pos(offset), k);
        out.block(match);
        matchedBytes += k;
        offset += k;
        lastMatch = offset;
        wanted = match + 1;
        if (offset < end) {
          ensure(offset, sums.blockLength, lastMatch);
          k = (int) Math.min(sums.blockLength, len - offset);
          afterMatch = true;
        }
        tick.run();
        continue;
      }
      if (offset - lastMatch >= LITERAL_FLUSH) {
        emitLiteral(lastMatch, offset, out);
        lastMatch = offset;
        tick.run();
      }
      ensure(offset, k + 1, lastMatch);
      if (offset + k < len) {
        // Slide over data no block can start at, up to the next window whose weak sum has
        // a chain, within the buffer, the search range and the literal limit (at least 1).
        long stop =
            Math.min(
                Math.min(end, lastMatch + LITERAL_FLUSH),
                Math.min(bufStart + bufLength, len) - k);
        offset += weak.slide(buf, pos(offset), (int) (stop - offset), index);
      } else {
        weak.shrink(buf[pos(offset)]);
        k--;
        offset++;
      }
    }
    // The tail no block can match any more.
    int chunk = buf.length / 2;
    while (lastMatch < len) {
      int n = (int) Math.min(chunk, len - lastMatch);
      ensure(lastMatch, n, lastMatch);
      emitLiteral(lastMatch, lastMatch + n, out);
      lastMatch += n;
    }
  }

  /** Whether block {@code wanted} may be the window at {@code offset} of length {@code k}. */
  private boolean continuesRun(BlockSums sums, int wanted, long offset, int k) {
    return wanted < sums.count
        && sums.length(wanted) == k
        && !(inplace && sums.offset(wanted) < offset);
  }

  /**
   * The client block whose weak sum is {@code sum} and whose strong sum equals the window's, or
   * -1 (match.c hash_search). {@link #windowStrong} already holds the window's strong sum when
   * {@code strongDone}; it is computed at most once per window.
   */
  private int searchChain(
      BlockSums sums,
      WeakSumIndex index,
      int sum,
      long offset,
      int k,
      int wanted,
      boolean strongDone) {
    for (int i = index.first(sum); i >= 0; i = index.next(i)) {
      if (sums.weak[i] != sum || sums.length(i) != k) {
        continue;
      }
      if (inplace && sums.offset(i) < offset) {
        continue;
      }
      if (!strongDone) {
        strongSum(pos(offset), k);
        strongDone = true;
      }
      if (!equalsPrefix(sums, i)) {
        continue;
      }
      // Prefer the block right after the previous match: keeps compressed runs going.
      if (i != wanted
          && continuesRun(sums, wanted, offset, k)
          && sums.weak[wanted] == sum
          && equalsPrefix(sums, wanted)) {
        return wanted;
      }
      return i;
    }
    return -1;
  }

  /** Whether the client's (truncated) strong sum of {@code block} equals the window's. */
  private boolean equalsPrefix(BlockSums sums, int block) {
    int base = block * sums.strongLength;
    for (int j = 0; j < sums.strongLength; j++) {
      if (sums.strong[base + j] != windowStrong[j]) {
        return false;
      }
    }
    return true;
  }

  private void strongSum(int p, int k) {
    blockSum.sum(buf, p, k, windowStrong);
  }

  private void emitLiteral(long from, long to, TokenWriter out) throws IOException {
    int n = (int) (to - from);
    if (n <= 0) {
      return;
    }
    fileSum.update(buf, pos(from), n);
    out.literal(buf, pos(from), n);
    literalBytes += n;
  }

  private int pos(long fileOffset) {
    return (int) (fileOffset - bufStart);
  }

  /**
   * Makes {@code [offset, offset + want)} (cut at the file length) present in the buffer,
   * keeping everything from {@code keep} on; reads ahead as far as the buffer allows. A file
   * that shrank since open reads as zeros, like rsync's map_ptr.
   */
  private void ensure(long offset, int want, long keep) throws IOException {
    long end = Math.min(offset + want, len);
    if (end <= bufStart + bufLength) {
      return;
    }
    if (end - bufStart > buf.length) {
      int drop = (int) (keep - bufStart);
      System.arraycopy(buf, drop, buf, 0, bufLength - drop);
      bufStart = keep;
      bufLength -= drop;
    }
    while (bufStart + bufLength < end) {
      int room = (int) Math.min(buf.length - bufLength, len - (bufStart + bufLength));
      int n = in.read(ByteBuffer.wrap(buf, bufLength, room));
      if (n < 0) {
        Arrays.fill(buf, bufLength, bufLength + room, (byte) 0);
        n = room;
        shortRead = true;
      }
      bufLength += n;
    }
  }
}
