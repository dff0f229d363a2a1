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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta transfers: only changed data crosses the wire, and the result is exact. */
class DeltaTest {
  static final int SIZE = 16 << 20;

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
    Trees.write(src.resolve("big.bin"), Trees.random(SIZE, 42));
    Trees.write(src.resolve("small.txt"), "small\n".getBytes());
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("d/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Overwrites 1 % of the file in the middle and moves its mtime. */
  private void changeOnePercent() throws Exception {
    byte[] data = Files.readAllBytes(src.resolve("big.bin"));
    byte[] patch = Trees.random(SIZE / 100, 9);
    System.arraycopy(patch, 0, data, SIZE / 2, patch.length);
    Files.write(src.resolve("big.bin"), data);
    Files.setLastModifiedTime(src.resolve("big.bin"), FileTime.from(Instant.parse(
        "2020-01-01T00:00:00Z")));
  }

  private StockRsync.Result pull(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("-a", "--stats"));
    args.addAll(List.of(extra));
    args.add(server.url("d/"));
    args.add(dst + "/");
    StockRsync.Result r = StockRsync.run(args);
    assertEquals(0, r.exit(), r.all());
    assertFalse(r.all().contains("failed verification"), r.all());
    return r;
  }

  @Test
  void deltaAfterOnePercentChange() throws Exception {
    changeOnePercent();
    StockRsync.Result r = pull();
    Trees.assertIdentical(src, dst);
    long received = r.stat("Total bytes received");
    assertTrue(received < SIZE / 20, "received " + received + " of " + SIZE + "\n" + r.stdout());
    assertTrue(r.stat("Matched data") > SIZE * 9L / 10, r.stdout());
  }

  @Test
  void deltaCompressed() throws Exception {
    changeOnePercent();
    StockRsync.Result r = pull("-z");
    Trees.assertIdentical(src, dst);
    assertTrue(r.stat("Total bytes received") < SIZE / 20, r.stdout());
  }

  @Test
  void inplaceWithShiftedData() throws Exception {
    // Insert bytes at the front: every block moves, so the --inplace rule matters.
    byte[] data = Files.readAllBytes(src.resolve("big.bin"));
    byte[] shifted = new byte[data.length + 1000];
    System.arraycopy(Trees.random(1000, 3), 0, shifted, 0, 1000);
    System.arraycopy(data, 0, shifted, 1000, data.length);
    Files.write(src.resolve("big.bin"), shifted);
    StockRsync.Result r = pull("--inplace");
    Trees.assertIdentical(src, dst);
    changeOnePercent();
    r = pull("--inplace");
    Trees.assertIdentical(src, dst);
    assertTrue(r.stat("Total bytes received") < SIZE / 20, r.stdout());
  }

  @Test
  void noChangeRepullSendsNothing() throws Exception {
    StockRsync.Result r = pull();
    assertEquals(0, r.stat("Literal data"), r.stdout());
    r = pull("-c");
    assertEquals(0, r.stat("Literal data"), r.stdout());
    Trees.assertIdentical(src, dst);
  }

  @Test
  void wholeFileMode() throws Exception {
    changeOnePercent();
    StockRsync.Result r = pull("-W");
    Trees.assertIdentical(src, dst);
    assertTrue(r.stat("Literal data") >= SIZE, r.stdout());
  }

  @Test
  void truncatedAndAppended() throws Exception {
    byte[] data = Files.readAllBytes(src.resolve("big.bin"));
    Files.write(src.resolve("big.bin"), java.util.Arrays.copyOf(data, SIZE / 3 + 17));
    pull();
    Trees.assertIdentical(src, dst);
    byte[] longer = java.util.Arrays.copyOf(data, SIZE + 12345);
    Files.write(src.resolve("big.bin"), longer);
    StockRsync.Result r = pull();
    Trees.assertIdentical(src, dst);
    assertTrue(r.stat("Matched data") > 0, r.stdout());
  }

  @Test
  void md5ChecksumPath() throws Exception {
    changeOnePercent();
    StockRsync.Result r = pull("--checksum-choice=md5");
    Trees.assertIdentical(src, dst);
    assertTrue(r.stat("Total bytes received") < SIZE / 20, r.stdout());
    Files.write(src.resolve("small.txt"), "SMALL\n".getBytes());
    Files.setLastModifiedTime(src.resolve("small.txt"), Files.getLastModifiedTime(dst.resolve(
        "small.txt")));
    pull("-c", "--checksum-choice=md5");
    Trees.assertIdentical(src, dst);
    pull("-z", "--protocol=30", "--checksum-choice=md5");
  }
}
