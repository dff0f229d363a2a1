package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;

/** Fixture trees and the "identical?" check (diff -r plus rsync's own metadata comparison). */
final class Trees {
  private Trees() {}

  static void write(Path file, byte[] data) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, data);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A mixed tree: files of several sizes, nested dirs, an empty dir, an empty file. */
  static void standard(Path root) throws Exception {
    write(root.resolve("a.txt"), "hello world\n".getBytes());
    write(root.resolve("empty.txt"), new byte[0]);
    write(root.resolve("bin/one.bin"), random(100_000, 1));
    write(root.resolve("bin/block.bin"), random(700 * 3, 2));
    write(root.resolve("sub/deeper/c.txt"), "deep\n".getBytes());
    write(root.resolve("sub/b.txt"), "b\n".getBytes());
    Files.createDirectories(root.resolve("emptydir"));
    for (String n : new String[] {"A", "a-b", "a.b", "a", "a0"}) {
      write(root.resolve("order/" + n + "/f"), n.getBytes());
      write(root.resolve("order/" + n + "x"), n.getBytes());
    }
    Files.setLastModifiedTime(
        root.resolve("a.txt"), FileTime.from(java.time.Instant.parse(
            "2001-02-03T04:05:06.123456789Z")));
    Files.setPosixFilePermissions(
        root.resolve("sub/b.txt"), java.nio.file.attribute.PosixFilePermissions.fromString(
            "rwxr-x---"));
  }

  /** Same content (diff -r) and same metadata (rsync -anic prints nothing). */
  static void assertIdentical(Path src, Path dst) throws Exception {
    StockRsync.Result diff = StockRsync.sh("diff -r --no-dereference '" + src + "' '" + dst + "'");
    assertEquals(0, diff.exit(), "diff -r:\n" + diff.stdout());
    StockRsync.Result check =
        StockRsync.run(java.util.List.of("-anic", "--delete", src + "/", dst + "/"));
    assertEquals(0, check.exit(), check.all());
    assertEquals("", check.stdout(), "metadata differs (rsync -anic):\n" + check.stdout());
  }
}
