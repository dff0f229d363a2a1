package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sparse file over 2 GiB: 64-bit sizes and offsets all the way through. */
class LargeFileTest {
  static final long SIZE = (2L << 30) + (64L << 20) + 12345;

  @Test
  void sparseFileOverTwoGibibytes(@TempDir Path base) throws Exception {
    StockRsync.require();
    Path src = Files.createDirectories(base.resolve("src"));
    Path file = src.resolve("sparse.img");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write("head".getBytes());
      raf.seek(1L << 30);
      raf.write(Trees.random(100_000, 5));
      raf.seek(SIZE - 4);
      raf.write("tail".getBytes());
    }
    Path dst = base.resolve("dst");
    try (TestServer server = new TestServer(List.of(TestServer.module("big", src).build()))) {
      StockRsync.Result r =
          StockRsync.run(List.of("-aS", server.url("big/"), dst + "/"), java.util.Map.of(), 170);
      assertEquals(0, r.exit(), r.all());
    }
    assertEquals(SIZE, Files.size(dst.resolve("sparse.img")));
    StockRsync.Result cmp = StockRsync.sh("cmp '" + file + "' '" + dst.resolve("sparse.img") + "'");
    assertEquals(0, cmp.exit(), cmp.stdout());
    // Metadata only (-ani without -c): the content was just compared by cmp.
    StockRsync.Result meta = StockRsync.run(List.of("-ani", src + "/", dst + "/"));
    assertEquals("", meta.stdout(), meta.all());
  }
}
