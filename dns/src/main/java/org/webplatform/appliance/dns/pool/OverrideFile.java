package org.webplatform.appliance.dns.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The override file on disk ({@code dns.admin_state}): reading, noticing changes by size, mtime
 * and file key, and rewriting it atomically. Its syntax is {@link AdminStateFile}'s. Not
 * thread-safe: {@link Pools} serialises every use.
 */
final class OverrideFile {
  private final Path path;
  private Object stamp;

  OverrideFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** True when the file differs from what was last read or written (appeared, changed, gone). */
  boolean changed() {
    return !Objects.equals(stamp(), stamp);
  }

  /** The file's text, or null when it does not exist. */
  String read() throws IOException {
    stamp = stamp();
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Replaces the file: written beside and renamed, so a reader never sees half of it. */
  void write(String text) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".admin_state-", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    stamp = stamp();
  }

  private Object stamp() {
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      return List.of(
          attrs.size(),
          attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS),
          String.valueOf(attrs.fileKey()));
    } catch (IOException e) {
      return null;
    }
  }
}
