package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw-byte names and symlinks, including links that point out of the module. */
class NamesAndLinksTest {
  @TempDir static Path base;
  static Path odd;
  static Path links;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    StockRsync.require();
    odd = Files.createDirectories(base.resolve("odd"));
    links = Files.createDirectories(base.resolve("links"));
    // Names made by the shell so the bytes are exactly these (0xff, latin-1 0xe9, newline).
    StockRsync.Result made =
        StockRsync.sh(
            "cd '" + odd
                + "' && echo a > 'with space' && printf 'nl\\n' > \"$(printf 'new\\nline')\""
                + " && echo ff > \"$(printf 'byte-\\377-name')\""
                + " && mkdir \"$(printf 'dir-\\351t\\351')\""
                + " && echo x > \"$(printf 'dir-\\351t\\351/in')\" && echo u > 'utf8-é.txt'"
                + " && echo q > 'question?mark' && echo p > '100%'");
    assertEquals(0, made.exit(), made.stdout());
    Trees.write(links.resolve("sub/file.txt"), "inside\n".getBytes());
    Trees.write(links.resolve("target.txt"), "target\n".getBytes());
    Files.createSymbolicLink(links.resolve("rel"), Path.of("target.txt"));
    Files.createSymbolicLink(links.resolve("etc"), Path.of("/etc"));
    Files.createSymbolicLink(links.resolve("up"), Path.of("../odd"));
    Files.createSymbolicLink(links.resolve("dangling"), Path.of("nowhere"));
    Files.createSymbolicLink(links.resolve("dirlink"), Path.of("sub"));
    Files.createSymbolicLink(links.resolve("passwd"), Path.of("/etc/passwd"));
    server =
        new TestServer(
            List.of(
                TestServer.module("odd", odd).build(),
                TestServer.module("links", links).build()));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void oddNamesRoundTrip(@TempDir Path dst) throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("odd/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(odd, dst);
    StockRsync.Result ls = StockRsync.sh("ls '" + dst + "' | od -c | grep -c 377");
    assertEquals("1", ls.stdout().trim(), "the 0xff byte survived");
  }

  @Test
  void symlinksAreSentAsSymlinks(@TempDir Path dst) throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("links/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    Trees.assertIdentical(links, dst);
    assertEquals(Path.of("/etc"), Files.readSymbolicLink(dst.resolve("etc")));
    assertTrue(Files.isSymbolicLink(dst.resolve("passwd")));
  }

  @Test
  void copyLinksNeverLeavesTheModule(@TempDir Path dst) throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-aL", server.url("links/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    // Inside links are followed...
    assertFalse(Files.isSymbolicLink(dst.resolve("rel")));
    assertEquals("target\n", Files.readString(dst.resolve("rel")));
    assertTrue(Files.isDirectory(dst.resolve("dirlink"), LinkOption.NOFOLLOW_LINKS));
    // ...links out of the module stay links; nothing of /etc was copied.
    assertTrue(Files.isSymbolicLink(dst.resolve("etc")));
    assertTrue(Files.isSymbolicLink(dst.resolve("passwd")));
    assertTrue(Files.isSymbolicLink(dst.resolve("up")));
  }

  @Test
  void trailingSlashThroughOutsideLinkIsRefused(@TempDir Path dst) throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("links/etc/"), dst + "/"));
    assertEquals(23, r.exit(), r.all());
    assertTrue(r.all().contains("outside the module"), r.all());
    assertFalse(Files.exists(dst.resolve("passwd")));
    assertFalse(Files.exists(dst.resolve("hostname")));
    r = StockRsync.run(List.of("-a", server.url("links/etc/passwd"), dst + "/"));
    assertEquals(23, r.exit(), r.all());
    r = StockRsync.run(List.of("-aL", server.url("links/passwd"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    assertTrue(Files.isSymbolicLink(dst.resolve("passwd")), "sent as the link itself");
  }

  @Test
  void insideDirectoryLinkIsFollowedWithSlash(@TempDir Path dst) throws Exception {
    StockRsync.Result r = StockRsync.run(List.of("-a", server.url("links/dirlink/"), dst + "/"));
    assertEquals(0, r.exit(), r.all());
    assertEquals("inside\n", Files.readString(dst.resolve("file.txt")));
  }
}
