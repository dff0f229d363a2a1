package org.webplatform.appliance.rsync.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModulePathTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void clientPathsCannotClimbOrBeAbsolute() throws Exception {
    assertThrows(PathEscapeException.class, () -> ModulePath.clientComponents(b("../x")));
    assertThrows(PathEscapeException.class, () -> ModulePath.clientComponents(b("a/../../x")));
    assertThrows(PathEscapeException.class, () -> ModulePath.clientComponents(b("/etc")));
    assertEquals(2, ModulePath.clientComponents(b("a/./b/")).size());
  }

  @Test
  void symlinksResolveOnlyInside(@TempDir Path root) throws Exception {
    Path mod = Files.createDirectories(root.resolve("mod"));
    Files.createDirectories(mod.resolve("sub"));
    Files.createDirectories(root.resolve("outside"));
    Files.createSymbolicLink(mod.resolve("in"), Path.of("sub"));
    Files.createSymbolicLink(mod.resolve("abs"), Path.of("/etc"));
    Files.createSymbolicLink(mod.resolve("rel-out"), Path.of("../outside"));
    Files.createSymbolicLink(mod.resolve("sub/back"), Path.of("../sub"));
    ModulePath p = new ModulePath(mod);
    assertEquals(mod.resolve("sub"), p.resolve(ModulePath.clientComponents(b("in/")), true).path());
    assertEquals(
        mod.resolve("sub"), p.resolve(ModulePath.clientComponents(b("sub/back/")), true).path());
    assertThrows(PathEscapeException.class,
        () -> p.resolve(ModulePath.clientComponents(b("abs/passwd")), false));
    assertThrows(PathEscapeException.class,
        () -> p.resolve(ModulePath.clientComponents(b("rel-out/")), true));
    // Not following the last component: the link itself.
    assertEquals(mod.resolve("abs"), p.resolve(ModulePath.clientComponents(b("abs")),
        false).path());
  }

  @Test
  void nonUtf8NamesRoundTrip(@TempDir Path root) throws Exception {
    byte[] name = {'x', (byte) 0xff, (byte) 0xe9, 'y'};
    Path file = RawNames.child(root, name);
    Files.write(file, b("data"));
    assertEquals(Path.of(URI.create(root.toUri() + "x%FF%E9y")), file);
    try (var ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        assertArrayEquals(name, RawNames.fileName(p));
      }
    }
    Files.createSymbolicLink(root.resolve("l"), file.getFileName());
    assertArrayEquals(name, RawNames.linkTarget(Files.readSymbolicLink(root.resolve("l"))));
  }
}
