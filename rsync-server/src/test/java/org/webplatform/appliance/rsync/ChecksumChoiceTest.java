package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every strong checksum with the stock client: by default a 3.2.3+ client negotiates xxh64
 * (the first name of its list that we offer), and {@code --checksum-choice} forces the others,
 * also one for transfers and another for {@code -c} (X,Y; "auto" there means md5).
 * Block sums are only checked by their effect: a wrong one never matches, so the delta pulls
 * assert the exact number of matched bytes; a wrong whole-file sum makes the client report
 * "failed verification"; a wrong {@code -c} sum makes it transfer unchanged files.
 */
class ChecksumChoiceTest {
  static final int BIG = (6 << 20) + 4321;
  /** rsync's block length for files under 490,000 bytes (generator.c BLOCK_SIZE). */
  static final int BLOCK = 700;
  /**
   * Small files whose last block (the remainder) takes each XXH3 input path: 0-16 bytes in its
   * four cases, 17-128, 129-240, and over 240; whole files of 0-1025 bytes do the same for the
   * file sums.
   */
  static final int[] SIZES = {
    0, 1, 3, 8, 16, 17, 128, 129, 240, 241, 256, 1025, BLOCK + 2, BLOCK + 5, 3 * BLOCK + 10,
    2 * BLOCK + 100, 4 * BLOCK + 200, 7 * BLOCK + 640
  };

  @TempDir Path base;
  Path src;
  Path dst;
  TestServer server;

  @BeforeEach
  void start() throws Exception {
    StockRsync.require();
    src = Files.createDirectories(base.resolve("src"));
    dst = base.resolve("dst");
    server = new TestServer(List.of(TestServer.module("d", src).build()));
    Trees.write(src.resolve("big.bin"), Trees.random(BIG, 42));
    for (int size : SIZES) {
      Trees.write(src.resolve("small/" + size + ".bin"), Trees.random(size, size));
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "--checksum-choice={0}")
  @CsvSource({
    "default, Client negotiated checksum: xxh64",
    "xxh128, Client checksum: xxh128",
    "xxh3, Client checksum: xxh3",
    "xxh64, Client checksum: xxh64",
    "md5, Client checksum: md5",
    "'xxh128,md5', 'Client checksum: xxh128,md5'",
    "'xxh3,xxh64', 'Client checksum: xxh3,xxh64'",
    "'auto,xxh3', 'Client checksum: auto,xxh3'",
    "XXH3, Client checksum: XXH3",
  })
  void fullDeltaAndChecksumPulls(String choice, String debugLine) throws Exception {
    List<String> opt = choice.equals("default") ? List.of() : List.of("--checksum-choice=" + choice);

    StockRsync.Result r = pull(opt, "--debug=NSTR");
    assertTrue(r.stdout().contains(debugLine), r.stdout());
    Trees.assertIdentical(src, dst);

    // Delta of the small files: the first block changes, every later block (down to the short
    // remainders) must match.
    long expectMatched = 0;
    for (int size : SIZES) {
      if (size > BLOCK) {
        Path f = src.resolve("small/" + size + ".bin");
        byte[] data = Files.readAllBytes(f);
        data[BLOCK / 2] ^= 0x55;
        Files.write(f, data);
        moveMtime(f);
        expectMatched += size - BLOCK;
      }
    }
    r = pull(opt);
    Trees.assertIdentical(src, dst);
    assertEquals(expectMatched, r.stat("Matched data"), r.stdout());

    // Delta of the big file: 100 KiB rewritten in the middle.
    Path big = src.resolve("big.bin");
    byte[] data = Files.readAllBytes(big);
    System.arraycopy(Trees.random(100 << 10, 9), 0, data, BIG / 2, 100 << 10);
    Files.write(big, data);
    moveMtime(big);
    r = pull(opt);
    Trees.assertIdentical(src, dst);
    assertTrue(r.stat("Matched data") > BIG - (200 << 10), r.stdout());
    assertTrue(r.stat("Total bytes received") < 300 << 10, r.stdout());

    // -c: unchanged files stay put; a same-size, same-mtime change is found and sent.
    r = pull(opt, "-c");
    assertEquals(0, r.stat("Number of regular files transferred"), r.stdout());
    for (int size : SIZES) {
      if (size > 0) {
        Path f = src.resolve("small/" + size + ".bin");
        FileTime t = Files.getLastModifiedTime(f);
        byte[] b = Files.readAllBytes(f);
        b[size - 1] ^= 1;
        Files.write(f, b);
        Files.setLastModifiedTime(f, t);
      }
    }
    r = pull(opt, "-c");
    assertEquals(SIZES.length - 1, r.stat("Number of regular files transferred"), r.stdout());
    Trees.assertIdentical(src, dst);
  }

  private static void moveMtime(Path f) throws Exception {
    Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
  }

  private StockRsync.Result pull(List<String> opt, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("-a", "--stats"));
    args.addAll(opt);
    args.addAll(List.of(extra));
    args.add(server.url("d/"));
    args.add(dst + "/");
    StockRsync.Result r = StockRsync.run(args);
    assertEquals(0, r.exit(), r.all());
    assertFalse(r.all().contains("failed verification"), r.all());
    return r;
  }
}
