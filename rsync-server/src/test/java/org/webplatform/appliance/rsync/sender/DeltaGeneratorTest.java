package org.webplatform.appliance.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.rsync.protocol.WireReader;
import org.webplatform.appliance.rsync.protocol.WireWriter;

/**
 * The sender's delta against a client played here: block sums of a basis as rsync's generator
 * makes them, the tokens applied as its receiver does; the rebuilt file must equal the source
 * and the matched bytes must be what an unchanged stretch allows.
 */
class DeltaGeneratorTest {
  private static final int SEED = 0x5eed;
  private static final int BLOCK = 700;

  @TempDir Path dir;

  @Test
  void unchangedFileIsAllBlockReferences() throws IOException {
    byte[] basis = random(1, 100 * BLOCK + 123);
    Result r = delta(basis, basis, 3, false);
    assertArrayEquals(basis, r.rebuilt);
    assertEquals(0, r.literal);
    assertEquals(basis.length, r.matched);
  }

  @Test
  void changedStretchInTheMiddleIsTheOnlyLiteral() throws IOException {
    byte[] basis = random(2, 200 * BLOCK);
    byte[] source = basis.clone();
    Arrays.fill(source, 50 * BLOCK + 10, 52 * BLOCK + 20, (byte) 7);
    Result r = delta(basis, source, 3, false);
    assertArrayEquals(source, r.rebuilt);
    // Blocks 50, 51 and 52 are touched; every other block is matched.
    assertEquals(3L * BLOCK, r.literal);
  }

  @Test
  void insertionShiftsTheRestWhichStillMatches() throws IOException {
    byte[] basis = random(3, 100 * BLOCK);
    byte[] source = new byte[basis.length + 37];
    System.arraycopy(basis, 0, source, 0, 40 * BLOCK + 5);
    System.arraycopy(basis, 40 * BLOCK + 5, source, 40 * BLOCK + 42, basis.length - 40 * BLOCK - 5);
    Result r = delta(basis, source, 2, false);
    assertArrayEquals(source, r.rebuilt);
    assertTrue(r.literal <= BLOCK + 37, "literal " + r.literal);
  }

  @Test
  void repeatedBlocksAndAShortLastBlock() throws IOException {
    byte[] unit = random(4, BLOCK);
    byte[] basis = new byte[20 * BLOCK + 99];
    for (int i = 0; i < 20; i++) {
      System.arraycopy(unit, 0, basis, i * BLOCK, BLOCK);
    }
    byte[] source = Arrays.copyOf(basis, basis.length);
    source[5 * BLOCK] ^= 1;
    Result r = delta(basis, source, 2, false);
    assertArrayEquals(source, r.rebuilt);
    assertEquals(BLOCK, r.literal);
  }

  @Test
  void inplaceNeverReferencesABlockBeforeTheOutputOffset() throws IOException {
    byte[] basis = random(5, 60 * BLOCK);
    // The source is the basis moved forward by 3 blocks: in place, the moved blocks would be
    // read after being overwritten, so nothing may match before its own offset.
    byte[] source = new byte[basis.length];
    byte[] head = random(6, 3 * BLOCK);
    System.arraycopy(head, 0, source, 0, head.length);
    System.arraycopy(basis, 0, source, 3 * BLOCK, basis.length - 3 * BLOCK);
    Result r = delta(basis, source, 3, true);
    assertArrayEquals(source, r.rebuilt);
    assertEquals(0, r.matched);
  }

  @Test
  void md5BlockSumsToo() throws IOException {
    byte[] basis = random(7, 50 * BLOCK + 1);
    byte[] source = basis.clone();
    source[25 * BLOCK + 3] ^= 0x40;
    Result r = delta(basis, source, 16, false, ChecksumType.MD5);
    assertArrayEquals(source, r.rebuilt);
    assertEquals(BLOCK, r.literal);
  }

  private record Result(byte[] rebuilt, long literal, long matched) {}

  private Result delta(byte[] basis, byte[] source, int strongLength, boolean inplace)
      throws IOException {
    return delta(basis, source, strongLength, inplace, ChecksumType.XXH64);
  }

  private Result delta(
      byte[] basis, byte[] source, int strongLength, boolean inplace, ChecksumType checksum)
      throws IOException {
    BlockSums sums = clientSums(basis, strongLength, checksum);
    Path file = dir.resolve("source");
    Files.write(file, source);
    Rebuild out = new Rebuild(basis, sums);
    DeltaGenerator generator = new DeltaGenerator(checksum, SEED, true, inplace, () -> {});
    byte[] fileSum;
    try (FileChannel in = FileChannel.open(file)) {
      fileSum = generator.send(in, source.length, sums, out);
    }
    ChecksumType.FileSum expected = checksum.newFileSum();
    expected.update(source, 0, source.length);
    assertArrayEquals(expected.digest(), fileSum);
    return new Result(out.bytes.toByteArray(), generator.literalBytes(), generator.matchedBytes());
  }

  /** generator.c generate_and_send_sums, sent and read back through the wire format. */
  private static BlockSums clientSums(byte[] basis, int strongLength, ChecksumType checksum)
      throws IOException {
    int count = (basis.length + BLOCK - 1) / BLOCK;
    int remainder = basis.length % BLOCK;
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    WireWriter w = new WireWriter(wire);
    w.writeInt(count);
    w.writeInt(BLOCK);
    w.writeInt(strongLength);
    w.writeInt(remainder);
    ChecksumType.BlockSum strong = checksum.newBlockSum(SEED, true);
    byte[] full = new byte[ChecksumType.MAX_LENGTH];
    RollingChecksum weak = new RollingChecksum();
    for (int i = 0; i < count; i++) {
      int n = Math.min(BLOCK, basis.length - i * BLOCK);
      weak.reset(basis, i * BLOCK, n);
      w.writeInt(weak.value());
      strong.sum(basis, i * BLOCK, n, full);
      w.write(full, 0, strongLength);
    }
    return BlockSums.read(
        new WireReader(new ByteArrayInputStream(wire.toByteArray())), ChecksumType.MAX_LENGTH);
  }

  private static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** receiver.c receive_data: literal data as is, block i copied from the basis. */
  private static final class Rebuild implements TokenWriter {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final byte[] basis;
    private final BlockSums sums;

    Rebuild(byte[] basis, BlockSums sums) {
      this.basis = basis;
      this.sums = sums;
    }

    @Override
    public void start(boolean compressible) {}

    @Override
    public void literal(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    @Override
    public void block(int index) {
      bytes.write(basis, (int) sums.offset(index), sums.length(index));
    }

    @Override
    public void end() {}
  }
}
