package org.webplatform.appliance.smtp.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of a directory's fsync: makes renames into the directory durable, one fsync for
 * every caller that arrived while the previous one ran, instead of one fsync per rename.
 *
 * <p>The guarantee is the same as a caller's own fsync: {@link #sync()} returns only after an
 * fsync of the directory that <em>started after the call began</em> has completed, so the rename
 * the caller made before calling is on disk. The first caller runs the fsync itself (no extra
 * thread); callers that arrive while it runs wait, and the next of them runs one fsync for all
 * of them. A failed fsync is thrown to the caller that ran it; the callers it would have covered
 * try again with their own. Thread-safe.
 */
public final class DirectorySync {
  /** Runs one fsync of the directory; replaceable for tests. */
  interface Fsync {
    void run() throws IOException;
  }

  private final Fsync fsync;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition finished = lock.newCondition();
  /** Calls so far; call number k is covered by an fsync that started after k was taken. */
  private long requested;
  /** Every call numbered up to this one is durable. */
  private long durable;
  private boolean running;

  public DirectorySync(Path dir) {
    this(() -> fsync(dir));
  }

  DirectorySync(Fsync fsync) {
    this.fsync = fsync;
  }

  /** Returns once an fsync of the directory that started after this call began has completed. */
  public void sync() throws IOException {
    lock.lock();
    try {
      long ticket = ++requested;
      while (durable < ticket) {
        if (running) {
          finished.awaitUninterruptibly();
          continue;
        }
        // Every call numbered up to `covers` made its rename before this fsync starts.
        long covers = requested;
        running = true;
        lock.unlock();
        boolean ok = false;
        try {
          fsync.run();
          ok = true;
        } finally {
          lock.lock();
          running = false;
          if (ok) {
            durable = Math.max(durable, covers);
          }
          finished.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Callers waiting for another caller's fsync (for tests). */
  int waiting() {
    lock.lock();
    try {
      return lock.getWaitQueueLength(finished);
    } finally {
      lock.unlock();
    }
  }

  /** fsync of a directory: makes a rename into it durable (Linux; a no-op where unsupported). */
  static void fsync(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!Arrays.asList("Is a directory", "Invalid argument").contains(e.getMessage())) {
        throw e;
      }
    }
  }
}
