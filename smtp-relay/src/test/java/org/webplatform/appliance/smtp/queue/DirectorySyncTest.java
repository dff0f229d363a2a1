package org.webplatform.appliance.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.smtp.testing.Waits;

/**
 * The group commit's promise: a sync() returns only after an fsync that started after the call
 * began; callers arriving during one fsync share the next one.
 */
class DirectorySyncTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** An fsync that blocks until the test releases it, and records each run. */
  private static final class GatedFsync implements DirectorySync.Fsync {
    final List<CountDownLatch> gates = new ArrayList<>();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    volatile IOException failNext;

    GatedFsync(int runs) {
      for (int i = 0; i < runs; i++) {
        gates.add(new CountDownLatch(1));
      }
    }

    @Override
    public void run() throws IOException {
      int n = started.getAndIncrement();
      try {
        if (!gates.get(n).await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IOException("test gate " + n + " never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      IOException fail = failNext;
      failNext = null;
      if (fail != null) {
        throw fail;
      }
      completed.incrementAndGet();
    }

    void release(int n) {
      gates.get(n).countDown();
    }
  }

  private static CompletableFuture<Void> syncAsync(DirectorySync sync) {
    return CompletableFuture.runAsync(() -> {
      try {
        sync.sync();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @Test
  void aCallerArrivingDuringAnFsyncWaitsForTheNextOne() throws Exception {
    GatedFsync fsync = new GatedFsync(2);
    DirectorySync sync = new DirectorySync(fsync);
    CompletableFuture<Void> first = syncAsync(sync);
    Waits.until(WAIT, () -> fsync.started.get() == 1, () -> "first fsync started");
    // The second caller's rename happened after fsync 0 started: fsync 0 does not cover it.
    CompletableFuture<Void> second = syncAsync(sync);
    fsync.release(0);
    first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Waits.until(WAIT, () -> fsync.started.get() == 2, () -> "second fsync started");
    assertFalse(second.isDone(), "returned on an fsync that started before its call");
    fsync.release(1);
    second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(2, fsync.completed.get());
  }

  @Test
  void callersArrivingDuringOneFsyncShareTheNext() throws Exception {
    GatedFsync fsync = new GatedFsync(3);
    DirectorySync sync = new DirectorySync(fsync);
    CompletableFuture<Void> first = syncAsync(sync);
    Waits.until(WAIT, () -> fsync.started.get() == 1, () -> "first fsync started");
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(syncAsync(sync));
    }
    Waits.until(WAIT, () -> waitingCallers(sync) == 5, () -> "5 callers waiting");
    fsync.release(0);
    fsync.release(1);
    first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    for (CompletableFuture<Void> w : waiting) {
      w.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    assertEquals(2, fsync.started.get(), "one fsync for the five waiting callers");
  }

  @Test
  void aFailedFsyncIsThrownAndTheCallersItCoveredTryTheirOwn() throws Exception {
    GatedFsync fsync = new GatedFsync(3);
    DirectorySync sync = new DirectorySync(fsync);
    CompletableFuture<Void> first = syncAsync(sync);
    Waits.until(WAIT, () -> fsync.started.get() == 1, () -> "first fsync started");
    fsync.release(0);
    first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // Fsync 1 fails: its runner gets the error, a caller it would have covered runs fsync 2.
    fsync.failNext = new IOException("disk gone");
    CompletableFuture<Void> failing = syncAsync(sync);
    Waits.until(WAIT, () -> fsync.started.get() == 2, () -> "second fsync started");
    CompletableFuture<Void> covered = syncAsync(sync);
    Waits.until(WAIT, () -> waitingCallers(sync) == 1, () -> "a caller waiting");
    fsync.release(1);
    Exception e =
        assertThrows(Exception.class, () -> failing.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertInstanceOf(java.io.UncheckedIOException.class, e.getCause());
    Waits.until(WAIT, () -> fsync.started.get() == 3, () -> "third fsync started");
    assertFalse(covered.isDone(), "returned without a successful fsync");
    fsync.release(2);
    assertNull(covered.get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void syncsARealDirectory(@TempDir Path dir) throws IOException {
    new DirectorySync(dir).sync();
  }

  private static int waitingCallers(DirectorySync sync) {
    return sync.waiting();
  }
}
