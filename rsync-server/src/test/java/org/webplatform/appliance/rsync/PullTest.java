package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stock client pulls from our daemon: listings, full pulls, options. */
class PullTest {
  @TempDir static Path base;
  static Path src;
  static TestServer server;
  Path dst;

  @BeforeAll
  static void start() throws Exception {
    StockRsync.require();
    src = base.resolve("src");
    Trees.standard(src);
    server =
        new TestServer(
            List.of(
                TestServer.module("data", src).comment("test tree").build(),
                TestServer.module("hidden", src).hidden().build(),
                TestServer.module("work", Files.createDirectories(base.resolve("work"))).build(),
                TestServer.module("odd", Files.createDirectories(base.resolve("odd"))).build(),
                TestServer.module("links", Files.createDirectories(base.resolve("links"))).build(),
                TestServer.module("daemonex", src).exclude("*.bin", "/sub/deeper/").build()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void freshDestination(@TempDir Path tmp) {
    dst = tmp.resolve("dst");
  }

  @Test
  void listsModulesButNotHiddenOnes() throws Exception {
    StockRsync.Result r = StockRsync.run(List.of(server.url("")));
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.stdout().contains("data           \ttest tree"), r.stdout());
    assertTrue(!r.stdout().contains("hidden"), r.stdout());
  }

  @Test
  void listsModuleContents() throws Exception {
    StockRsync.Result r = StockRsync.run(List.of(server.url("data/")));
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.stdout().contains("a.txt"), r.stdout());
    assertTrue(r.stdout().contains("sub"), r.stdout());
    assertTrue(!r.stdout().contains("deeper"), r.stdout());
  }

  @Test
  void fullPullArchive() throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", "--stats", server.url("data/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src, dst);
  }

  @Test
  void fullPullArchiveCompressed() throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-az", server.url("data/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src, dst);
  }

  @Test
  void fullPullOldZlibIsServedLiteralOnly() throws Exception {
    StockRsync.Result r =
        StockRsync.run(List.of("-a", "-z", "--compress-choice=zlib", server.url("data/"), dst
            + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src, dst);
  }

  @Test
  void fullPullProtocol30() throws Exception {
    StockRsync.Result r =
        StockRsync.run(List.of("-a", "--protocol=30", server.url("data/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src, dst);
  }

  @Test
  void moduleWithoutTrailingSlashPullsItsContents() throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("data"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src, dst);
  }

  @Test
  void singleFile() throws Exception {
    Files.createDirectories(dst);
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("data/sub/b.txt"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    assertEquals("b\n", Files.readString(dst.resolve("b.txt")));
    assertEquals(
        Files.getLastModifiedTime(src.resolve("sub/b.txt")),
        Files.getLastModifiedTime(dst.resolve("b.txt")));
  }

  @Test
  void subdirectoryWithAndWithoutSlash() throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("data/sub/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src.resolve("sub"), dst);
    Path dst2 = dst.resolveSibling("dst2");
    r = StockRsync.run(List.of("-a", server.url("data/sub"), dst2 + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src.resolve("sub"), dst2.resolve("sub"));
  }

  @Test
  void recursiveListing() throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-r", server.url("data/")));
    assertEquals(0, r.exit(), r.all());
    assertTrue(r.stdout().contains("sub/deeper/c.txt"), r.stdout());
  }

  @Test
  void clientExcludesAreHonoured() throws Exception {
    StockRsync.Result r =
        StockRsync.run(
            List.of("-a", "--exclude=*.txt", "--exclude=/bin/", "--exclude=order/a*/",
                server.url("data/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    assertTrue(Files.exists(dst.resolve("sub/deeper")));
    assertTrue(!Files.exists(dst.resolve("a.txt")));
    assertTrue(!Files.exists(dst.resolve("sub/b.txt")));
    assertTrue(!Files.exists(dst.resolve("bin")));
    assertTrue(!Files.exists(dst.resolve("order/a-b")));
    assertTrue(Files.exists(dst.resolve("order/A/f")));
    assertTrue(Files.exists(dst.resolve("order/ax")));
  }

  @Test
  void includeExcludeCombination() throws Exception {
    StockRsync.Result r =
        StockRsync.run(
            List.of("-a", "--include=*/", "--include=*.txt", "--exclude=*", "--prune-empty-dirs",
                server.url("data/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    assertTrue(Files.exists(dst.resolve("sub/deeper/c.txt")));
    assertTrue(!Files.exists(dst.resolve("bin")));
  }

  @Test
  void daemonExcludesHideFiles() throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("daemonex/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    assertTrue(Files.exists(dst.resolve("a.txt")));
    assertTrue(!Files.exists(dst.resolve("bin/one.bin")));
    assertTrue(!Files.exists(dst.resolve("sub/deeper")));
    r = StockRsync.run(List.of("-a", server.url("daemonex/bin/one.bin"), dst + "/x/"));
    assertEquals(23, r.exit(), r.all());
  }

  @Test
  void deleteRemovesExtraneousFiles() throws Exception {
    Trees.write(dst.resolve("extra/stale.txt"), "old".getBytes());
    Trees.write(dst.resolve("stale.txt"), "old".getBytes());
    StockRsync.Result r =
        StockRsync.run(List.of("-a", "--delete", server.url("data/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src, dst);
    Trees.write(dst.resolve("stale2.txt"), "old".getBytes());
    r = StockRsync.run(List.of("-a", "--delete-after", server.url("data/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(src, dst);
  }

  @Test
  void numericIdsAndOwnerNames() throws Exception {
    Path work = base.resolve("work/ids");
    Trees.write(work.resolve("numeric.txt"), "n".getBytes());
    Trees.write(work.resolve("nobody.txt"), "x".getBytes());
    StockRsync.Result chown =
        StockRsync.sh("chown 12345:23456 '" + work.resolve("numeric.txt") + "' && chown nobody '"
            + work.resolve("nobody.txt") + "'");
    org.junit.jupiter.api.Assumptions.assumeTrue(chown.exit() == 0, "needs root: "
        + chown.stdout());
    for (String opt : List.of("--numeric-ids", "--no-numeric-ids")) {
      Path d = dst.resolveSibling("ids" + opt);
      StockRsync.Result r = StockRsync.run(List.of("-a", opt, server.url("work/ids/"), d + "/"));
      assertEquals(0, r.exit(), r.all());
      assertEquals(12345, Files.getAttribute(d.resolve("numeric.txt"), "unix:uid"));
      assertEquals(23456, Files.getAttribute(d.resolve("numeric.txt"), "unix:gid"));
      assertEquals(
          Files.getAttribute(work.resolve("nobody.txt"), "unix:uid"),
          Files.getAttribute(d.resolve("nobody.txt"), "unix:uid"));
    }
  }

  @Test
  void checksumModeFindsSameSizeSameTimeChanges() throws Exception {
    Path dir = base.resolve("work/csum");
    Trees.write(dir.resolve("f.bin"), Trees.random(50_000, 7));
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("work/csum/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(dir.resolve("f.bin"));
    byte[] changed = Trees.random(50_000, 7);
    changed[25_000] ^= 1;
    Files.write(dir.resolve("f.bin"), changed);
    Files.setLastModifiedTime(dir.resolve("f.bin"), t);
    r = StockRsync.run(List.of("-a", server.url("work/csum/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    assertTrue(!java.util.Arrays.equals(changed, Files.readAllBytes(dst.resolve("f.bin"))));
    r = StockRsync.run(List.of("-ac", server.url("work/csum/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(dir, dst);
  }
}
