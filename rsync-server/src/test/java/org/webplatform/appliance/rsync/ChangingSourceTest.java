package org.webplatform.appliance.rsync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.rsync.sender.TransferHooks;

/**
 * The source changing under a running pull (vanished, shrunk, grown files), the daemon timeout
 * on a stalled client, and stop(grace). Files are changed through the sender's test hook, at a
 * known point between the file list and the transfer: no sleeps.
 */
class ChangingSourceTest {
  @TempDir Path base;
  Path src;
  Path dst;

  @BeforeEach
  void tree() throws Exception {
    StockRsync.require();
    src = base.resolve("src");
    dst = base.resolve("dst");
    Trees.write(src.resolve("a.txt"), "alpha\n".getBytes());
    Trees.write(src.resolve("gone.txt"), "about to vanish\n".getBytes());
    Trees.write(src.resolve("sub/big.bin"), Trees.random(1 << 20, 7));
    Trees.write(src.resolve("z.bin"), Trees.random(50_000, 8));
  }

  @AfterEach
  void clearHook() {
    TransferHooks.clear();
  }

  private static boolean named(Path file, String name) {
    return file.getFileName().toString().equals(name);
  }

  @Test
  void fileVanishedBetweenListAndTransferIsReportedWithExit24() throws Exception {
    TransferHooks.install(
        (file, len) -> {
          if (named(file, "gone.txt")) {
            // Keep the directory's mtime as listed: the deletion would otherwise change it within
            // or past the same clock tick, and the tree comparison below would flake on "./".
            FileTime listed = Files.getLastModifiedTime(file.getParent());
            Files.delete(file);
            Files.setLastModifiedTime(file.getParent(), listed);
          }
        },
        null);
    try (TestServer server = new TestServer(List.of(TestServer.module("m", src).build()))) {
      StockRsync.Result r = StockRsync.run(List.of("-a", server.url("m/"), dst + "/"));
      assertEquals(24, r.exit(), r.all());
      assertTrue(r.stderr().contains("file has vanished: \"/gone.txt\" (in m)"), r.all());
      assertTrue(r.stderr().contains("some files vanished before they could be transferred"),
          r.all());
      assertFalse(Files.exists(dst.resolve("gone.txt")));
      // Everything else arrived intact (gone.txt is gone from the source too by now).
      Trees.assertIdentical(src, dst);
    }
  }

  @Test
  void fileShrunkWhileSentIsReportedWithExit23() throws Exception {
    byte[] original = Files.readAllBytes(src.resolve("sub/big.bin"));
    TransferHooks.install(
        null,
        (file, len) -> {
          if (named(file, "big.bin")) {
            try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
              ch.truncate(1000);
            }
          }
        });
    try (TestServer server = new TestServer(List.of(TestServer.module("m", src).build()))) {
      StockRsync.Result r = StockRsync.run(List.of("-a", server.url("m/"), dst + "/"));
      assertEquals(23, r.exit(), r.all());
      assertTrue(r.stderr().contains(
          "read errors mapping \"/sub/big.bin\" (in m): file shrank while sent"), r.all());
      // As rsync: the length taken at open is sent, what could not be read as zeros.
      byte[] got = Files.readAllBytes(dst.resolve("sub/big.bin"));
      assertEquals(original.length, got.length);
      assertArrayEquals(Arrays.copyOf(original, 1000), Arrays.copyOf(got, 1000));
      byte[] zeros = new byte[original.length - 1000];
      assertArrayEquals(zeros, Arrays.copyOfRange(got, 1000, got.length));
      assertArrayEquals(Files.readAllBytes(src.resolve("z.bin")),
          Files.readAllBytes(dst.resolve("z.bin")));
    }
  }

  @Test
  void fileGrownAfterOpenSendsItsLengthAtOpenLikeRsync() throws Exception {
    byte[] original = Files.readAllBytes(src.resolve("sub/big.bin"));
    TransferHooks.install(
        null,
        (file, len) -> {
          if (named(file, "big.bin")) {
            Files.write(file, new byte[4096], StandardOpenOption.APPEND);
          }
        });
    try (TestServer server = new TestServer(List.of(TestServer.module("m", src).build()))) {
      StockRsync.Result r = StockRsync.run(List.of("-a", server.url("m/"), dst + "/"));
      assertEquals(0, r.exit(), r.all());
      assertArrayEquals(original, Files.readAllBytes(dst.resolve("sub/big.bin")));
    }
  }

  @Test
  void fileGrownBeforeOpenArrivesWhole() throws Exception {
    byte[] grown = Trees.random(70_000, 9);
    TransferHooks.install(
        (file, len) -> {
          if (named(file, "z.bin")) {
            Files.write(file, grown);
          }
        },
        null);
    try (TestServer server = new TestServer(List.of(TestServer.module("m", src).build()))) {
      StockRsync.Result r = StockRsync.run(List.of("-a", server.url("m/"), dst + "/"));
      assertEquals(0, r.exit(), r.all());
      assertArrayEquals(grown, Files.readAllBytes(dst.resolve("z.bin")));
    }
  }

  @Test
  void timeoutEndsStalledSessionsAndDaemonKeepsServing() throws Exception {
    try (TestServer server =
        new TestServer(
            List.of(TestServer.module("m", src).timeout(Duration.ofSeconds(1)).build()))) {
      // Stalls before sending its filter rules.
      long t0 = System.nanoTime();
      try (RawClient c = new RawClient(server.port)) {
        assertEquals("@RSYNCD: OK", c.open("m"));
        c.args("--server", "--sender", "-re.fC", ".", "m/");
        c.readSetup();
        RawClient.Ending e = c.readUntilExit();
        assertEquals(30, e.exitCode(), e.errors());
        assertTrue(e.errors().contains("timeout"), e.errors());
      }
      // Stalls after the file list, where the generator should ask for files.
      try (RawClient c = new RawClient(server.port)) {
        assertEquals("@RSYNCD: OK", c.open("m"));
        c.args("--server", "--sender", "-re.fC", ".", "m/");
        c.readSetup();
        c.sendData(RawClient.ints(0));
        RawClient.Ending e = c.readUntilExit();
        assertEquals(30, e.exitCode(), e.errors());
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertTrue(seconds < 10, "two 1 s timeouts took " + seconds + " s");
      StockRsync.Result r = StockRsync.run(List.of("-a", server.url("m/"), dst + "/"));
      assertEquals(0, r.exit(), r.all());
      Trees.assertIdentical(src, dst);
    }
  }

  @Test
  void stopLetsRunningPullFinishWithinGrace() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TransferHooks.install(
        (file, len) -> {
          if (named(file, "big.bin")) {
            sending.countDown();
            await(release);
          }
        },
        null);
    TestServer server = new TestServer(List.of(TestServer.module("m", src).build()));
    try {
      CompletableFuture<StockRsync.Result> pull =
          CompletableFuture.supplyAsync(
              () -> call(() -> StockRsync.run(List.of("-a", server.url("m/"), dst + "/"))));
      assertTrue(sending.await(30, TimeUnit.SECONDS), "transfer never started");
      Duration grace = Duration.ofSeconds(30);
      long t0 = System.nanoTime();
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> server.role.stop(grace));
      // The listener goes first: new clients are refused while the pull still runs.
      waitFor(() -> server.role.boundAddresses().isEmpty(), "listener closed");
      assertTrue(refused(server.port), "new connections still accepted while stopping");
      assertFalse(stopped.isDone(), "stop returned while a session was running");
      release.countDown();
      stopped.get(30, TimeUnit.SECONDS);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms < grace.toMillis(), "stop waited the whole grace: " + ms + " ms");
      StockRsync.Result r = pull.get(30, TimeUnit.SECONDS);
      assertEquals(0, r.exit(), r.all());
      Trees.assertIdentical(src, dst);
    } finally {
      release.countDown();
      server.close();
    }
  }

  @Test
  void stopClosesSessionsStillRunningAfterGrace() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TransferHooks.install(
        (file, len) -> {
          if (named(file, "big.bin")) {
            sending.countDown();
            await(release);
          }
        },
        null);
    TestServer server = new TestServer(List.of(TestServer.module("m", src).build()));
    try {
      CompletableFuture<StockRsync.Result> pull =
          CompletableFuture.supplyAsync(
              () -> call(() -> StockRsync.run(List.of("-a", server.url("m/"), dst + "/"))));
      assertTrue(sending.await(30, TimeUnit.SECONDS), "transfer never started");
      long t0 = System.nanoTime();
      server.role.stop(Duration.ofMillis(300));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms < 10_000, "stop took " + ms + " ms");
      StockRsync.Result r = pull.get(30, TimeUnit.SECONDS);
      assertTrue(r.exit() != 0, "pull cut by stop must fail: " + r.all());
    } finally {
      release.countDown();
      server.close();
    }
  }

  private static void await(CountDownLatch latch) throws InterruptedIOException {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new InterruptedIOException("test latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }

  private static boolean refused(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  interface Call<T> {
    T call() throws Exception;
  }

  private static <T> T call(Call<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
