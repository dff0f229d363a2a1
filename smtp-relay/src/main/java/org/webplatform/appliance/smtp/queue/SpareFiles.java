package org.webplatform.appliance.smtp.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The spool's spare/ directory: queue files of delivered messages, kept to be overwritten by new
 * messages instead of unlinked. Creating a file allocates an inode, and ext4 without a journal
 * skips every inode freed in the last minutes when it looks for one (fs/ext4/ialloc.c,
 * recently_deleted()), so at hundreds of messages a second a create scanned thousands of inode
 * table entries: 8 % of the relay's CPU in a 2-vCPU profile. A rename in and out costs no inode.
 *
 * <p>Durability is unchanged: a new message is written over a spare file in place (no block is
 * freed and allocated again; the file is cut to its new length before the fsync) under its spare/
 * name, then renamed into the queue exactly as a tmp/ file would be; spare files,
 * like tmp/ files, are never acknowledged. Moving a delivered file here is as
 * little fsynced as the unlink it replaces (a lost move delivers the message again, at least once
 * as Postfix). After a power loss a spare/ name may still point at a file that was reused for a
 * queued message (the move out of spare/ is not fsynced), so {@link #clear} at start-up unlinks
 * every spare file instead of reusing it. Only small files are kept, at most {@link #MAX_FILES}.
 * Thread-safe.
 */
final class SpareFiles {
  static final int MAX_FILES = 256;
  static final long MAX_BYTES = 64 * 1024;

  private final Path dir;
  private final ConcurrentLinkedQueue<Path> files = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();

  SpareFiles(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  /**
   * Start-up: unlinks every spare file (see the class comment) that {@code leftovers} allows;
   * returns the names left in place.
   */
  List<Path> clear(Leftovers leftovers) throws IOException {
    files.clear();
    count.set(0);
    List<Path> kept = new ArrayList<>();
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir)) {
      for (Path p : stale) {
        if (!leftovers.remove(p) && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          kept.add(p);
        }
      }
    }
    return kept;
  }

  /**
   * Takes {@code file} out of the queue: moved here when small and there is room, else unlinked.
   * False when it did not exist.
   */
  boolean retire(Path file) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      return false;
    }
    if (size > MAX_BYTES || count.get() >= MAX_FILES) {
      return Files.deleteIfExists(file);
    }
    Path spare = dir.resolve(file.getFileName());
    try {
      Files.move(file, spare, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return false;
    }
    count.incrementAndGet();
    files.add(spare);
    return true;
  }

  /**
   * A spare file for a new message to be written over in place, or null when there is none. It
   * stays in spare/ until the message's commit renames it into the queue, so a crash while the
   * message is received leaves it where start-up unlinks it, as tmp/ files.
   */
  Path take() {
    Path spare = files.poll();
    if (spare != null) {
      count.decrementAndGet();
    }
    return spare;
  }
}
