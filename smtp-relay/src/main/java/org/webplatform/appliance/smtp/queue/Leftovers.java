package org.webplatform.appliance.smtp.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Start-up removal of never-acknowledged names (tmp/ and spare/ files) that cannot take a queued
 * message with them. A message reaches queue/ by a rename whose new name is fsynced, but not the
 * removal of the old one; on a file system without a journal a power loss can keep both names
 * for one inode while its link count still says 1. Unlinking the old name would then free the
 * queued message's inode. So a leftover that shares its inode with a queued file is unlinked
 * only when the link count shows the second name; otherwise it is left for fsck and reported.
 */
final class Leftovers {
  private final Set<Object> queuedInodes = new HashSet<>();

  /** Remembers the inode of every file in {@code queue}. */
  Leftovers(Path queue) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(queue)) {
      for (Path file : files) {
        Object key = inode(file);
        if (key != null) {
          queuedInodes.add(key);
        }
      }
    }
  }

  /**
   * Unlinks {@code leftover}; false (and nothing done) when it is gone or when it is the only
   * counted link of a queued message's inode.
   */
  boolean remove(Path leftover) throws IOException {
    Object key = inode(leftover);
    if (key == null) {
      return false;
    }
    if (queuedInodes.contains(key) && links(leftover) < 2) {
      return false;
    }
    return Files.deleteIfExists(leftover);
  }

  private static Object inode(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static int links(Path file) throws IOException {
    return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
  }
}
