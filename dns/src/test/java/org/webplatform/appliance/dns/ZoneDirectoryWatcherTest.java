package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.server.Await;

/** Change detection and debouncing of the zones directory watcher, without DNS. */
class ZoneDirectoryWatcherTest {
  private static final Duration QUIET = Duration.ofMillis(500);
  private static final Duration WITHIN = Duration.ofSeconds(5);

  @TempDir Path dir;
  @TempDir Path elsewhere;

  private final AtomicInteger reloads = new AtomicInteger();
  private ZoneDirectoryWatcher watcher;

  @AfterEach
  void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private void watch(Duration poll, Runnable reload) {
    watcher = new ZoneDirectoryWatcher(dir, QUIET, poll, reload);
    watcher.start();
  }

  private void watch() {
    watch(Duration.ofSeconds(30), reloads::incrementAndGet);
  }

  /** Asserts the count stays put for three quiet periods: the burst is over. */
  private void assertStaysAt(int expected) throws InterruptedException {
    long end = System.nanoTime() + QUIET.toNanos() * 3;
    while (System.nanoTime() < end) {
      assertEquals(expected, reloads.get());
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @Test
  void burstOfWritesReloadsOnce() throws Exception {
    watch();
    for (int i = 0; i < 40; i++) {
      Files.writeString(dir.resolve("zone" + (i % 8) + ".test"), "version " + i + "\n");
    }

    Await.until(WITHIN, "a reload", () -> reloads.get() >= 1);
    assertStaysAt(1);
  }

  @Test
  void writeThenRenameReloadsOnceAndHiddenTemporariesAloneDoNot() throws Exception {
    watch();
    Path temp = dir.resolve(".example.test.swp");
    Files.writeString(temp, "new data\n");
    assertStaysAt(0);

    Files.move(temp, dir.resolve("example.test"));

    Await.until(WITHIN, "a reload", () -> reloads.get() == 1);
    assertStaysAt(1);
  }

  @Test
  void changeInAnIncludeSubdirectoryReloads() throws Exception {
    Files.createDirectories(dir.resolve("includes/deeper"));
    watch();

    Files.writeString(dir.resolve("includes/deeper/hosts.inc"), "host A 192.0.2.1\n");

    Await.until(WITHIN, "a reload", () -> reloads.get() == 1);
  }

  @Test
  void subdirectoryCreatedLaterIsWatchedToo() throws Exception {
    watch();
    Files.createDirectories(dir.resolve("later"));
    Await.until(WITHIN, "reload for the new directory", () -> reloads.get() == 1);

    Files.writeString(dir.resolve("later/hosts.inc"), "host A 192.0.2.1\n");

    Await.until(WITHIN, "reload for the file in it", () -> reloads.get() == 2);
  }

  @Test
  void pollingFindsAChangedSymlinkTargetThatInotifyCannotSee() throws Exception {
    Path target = elsewhere.resolve("example.test");
    Files.writeString(target, "one\n");
    Files.createSymbolicLink(dir.resolve("example.test"), target);
    watch(Duration.ofMillis(200), reloads::incrementAndGet);

    Files.writeString(target, "two, longer\n");

    Await.until(WITHIN, "a reload from polling", () -> reloads.get() == 1);
  }

  @Test
  void failingReloadDoesNotStopTheWatcher() throws Exception {
    watch(
        Duration.ofSeconds(30),
        () -> {
          reloads.incrementAndGet();
          throw new IllegalStateException("reload failed");
        });
    Files.writeString(dir.resolve("a.test"), "1\n");
    Await.until(WITHIN, "first reload", () -> reloads.get() == 1);

    Files.writeString(dir.resolve("a.test"), "2\n");

    Await.until(WITHIN, "second reload", () -> reloads.get() == 2);
  }

  @Test
  void closedWatcherReloadsNoMore() throws Exception {
    watch();
    watcher.close();

    Files.writeString(dir.resolve("a.test"), "1\n");

    assertStaysAt(0);
  }
}
