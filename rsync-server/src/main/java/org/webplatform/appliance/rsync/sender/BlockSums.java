package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import org.webplatform.appliance.rsync.protocol.SessionException;
import org.webplatform.appliance.rsync.protocol.WireReader;
import org.webplatform.appliance.rsync.protocol.WireWriter;

/**
 * The generator's description of the client's basis file (io.c read_sum_head + the block sums):
 * {@code count} blocks of {@code blockLength} bytes (the last one {@code remainder} bytes when
 * non-zero), each with a weak rolling sum and the first {@code strongLength} bytes of its
 * strong sum. Every field is bounded before anything is allocated.
 */
final class BlockSums {
  /** rsync's MAX_BLOCK_SIZE for protocol 30+. */
  static final int MAX_BLOCK_LENGTH = 1 << 17;
  /** Enough for a 2 TiB basis at the largest block size; bounds memory to ~100 MB. */
  static final int MAX_COUNT = 1 << 24;

  final int count;
  final int blockLength;
  final int strongLength;
  final int remainder;
  final int[] weak;
  final byte[] strong;

  private BlockSums(int count, int blockLength, int strongLength, int remainder) {
    this.count = count;
    this.blockLength = blockLength;
    this.strongLength = strongLength;
    this.remainder = remainder;
    this.weak = new int[count];
    this.strong = new byte[count * strongLength];
  }

  static BlockSums read(WireReader r, int maxStrongLength) throws IOException {
    int count = r.readInt();
    int blength = r.readInt();
    int s2length = r.readInt();
    int remainder = r.readInt();
    if (count < 0 || count > MAX_COUNT) {
      throw SessionException.protocol("invalid block count " + count);
    }
    if (blength < 0 || blength > MAX_BLOCK_LENGTH || (count > 0 && blength == 0)) {
      throw SessionException.protocol("invalid block length " + blength);
    }
    if (s2length < 0 || s2length > maxStrongLength) {
      throw SessionException.protocol("invalid checksum length " + s2length);
    }
    if (remainder < 0 || remainder > blength) {
      throw SessionException.protocol("invalid block remainder " + remainder);
    }
    BlockSums s = new BlockSums(count, blength, s2length, remainder);
    for (int i = 0; i < count; i++) {
      s.weak[i] = r.readInt();
      r.readFully(s.strong, i * s2length, s2length);
    }
    return s;
  }

  /** The sender echoes the head unchanged before the delta (sender.c write_sum_head). */
  void writeHead(WireWriter w) throws IOException {
    w.writeInt(count);
    w.writeInt(blockLength);
    w.writeInt(strongLength);
    w.writeInt(remainder);
  }

  int length(int block) {
    return block == count - 1 && remainder != 0 ? remainder : blockLength;
  }

  long offset(int block) {
    return (long) block * blockLength;
  }
}
