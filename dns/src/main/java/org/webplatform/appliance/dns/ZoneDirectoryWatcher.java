package org.webplatform.appliance.dns;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a reload when files in the zones directory or its subdirectories ({@code $INCLUDE} files)
 * change. One daemon thread, {@code dns-zone-watch}; the reload runs on it, never on an I/O thread.
 *
 * <p>Two sources of change, both cheap:
 *
 * <ul>
 *   <li>a {@link WatchService} (inotify on Linux) on the directory and every subdirectory;
 *   <li>a poll every {@code pollInterval} comparing size, mtime and file key of every file. It
 *       catches what inotify cannot see: a zone file that is a symlink into another directory, a
 *       zones directory that is itself a swapped symlink, overflowed event queues, and file systems
 *       without inotify (NFS).
 * </ul>
 *
 * <p>Debounce: a reload starts once no event came for {@code quietPeriod}, so an editor's
 * write-and-rename or an rsync of many files reloads once; a stream of events that never pauses
 * still reloads after {@link #MAX_DELAY}. Names starting with {@code .} (editor swap files, rsync
 * temporaries, {@code .git}) are ignored, as the loader ignores them. A file rewritten in place by
 * a writer that pauses longer than the quiet period can be read half-written: the loader then
 * reports errors and keeps the old zone, and the next event reloads again. Atomic renames avoid
 * that window entirely.
 */
final class ZoneDirectoryWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZoneDirectoryWatcher.class);

  /** Longest time from the first event of a burst to its reload. */
  static final Duration MAX_DELAY = Duration.ofSeconds(2);

  /** Bounds on what is watched and fingerprinted: includes live a few levels down at most. */
  private static final int MAX_DEPTH = 8;

  private static final int MAX_FILES = 100_000;
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  private final Path directory;
  private final long quietNanos;
  private final long pollNanos;
  private final Runnable reload;
  private WatchService watchService;
  private Thread thread;
  private volatile boolean running;

  ZoneDirectoryWatcher(
      Path directory, Duration quietPeriod, Duration pollInterval, Runnable reload) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.quietNanos = quietPeriod.toNanos();
    this.pollNanos = pollInterval.toNanos();
    this.reload = Objects.requireNonNull(reload, "reload");
  }

  /** Registers the watches and starts the thread; without inotify, polling alone still works. */
  synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("watcher of " + directory + " already started");
    }
    try {
      watchService = FileSystems.getDefault().newWatchService();
      registerTree(directory.toRealPath());
    } catch (IOException | RuntimeException e) {
      log.warn(
          "zone watch unavailable, polling only dir={} poll_ms={} error=\"{}\"",
          directory,
          TimeUnit.NANOSECONDS.toMillis(pollNanos),
          e.toString());
    }
    long baseline = fingerprint();
    running = true;
    thread = new Thread(() -> run(baseline), "dns-zone-watch");
    thread.setDaemon(true);
    thread.start();
    log.info(
        "watching zones dir={} quiet_ms={} poll_ms={}",
        directory,
        TimeUnit.NANOSECONDS.toMillis(quietNanos),
        TimeUnit.NANOSECONDS.toMillis(pollNanos));
  }

  /** Stops the thread; a reload in progress finishes first (bounded wait). Idempotent. */
  @Override
  public synchronized void close() {
    running = false;
    if (watchService != null) {
      try {
        watchService.close();
      } catch (IOException e) {
        log.debug("zone watch close failed error=\"{}\"", e.toString());
      }
    }
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(JOIN_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run(long baseline) {
    long seen = baseline;
    long lastPoll = System.nanoTime();
    long firstEvent = 0;
    long lastEvent = 0;
    boolean dirty = false;
    while (running) {
      long now = System.nanoTime();
      long wait =
          dirty
              ? Math.min(lastEvent + quietNanos, firstEvent + MAX_DELAY.toNanos()) - now
              : lastPoll + pollNanos - now;
      boolean changed;
      try {
        changed = awaitEvents(Math.max(wait, 1));
      } catch (ClosedWatchServiceException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      now = System.nanoTime();
      if (!changed && !dirty && now - lastPoll >= pollNanos) {
        lastPoll = now;
        changed = fingerprint() != seen;
      }
      if (changed) {
        if (!dirty) {
          firstEvent = now;
        }
        dirty = true;
        lastEvent = now;
      }
      if (dirty && (now - lastEvent >= quietNanos || now - firstEvent >= MAX_DELAY.toNanos())) {
        dirty = false;
        // Fingerprint before loading: a change made during the load differs from it and is
        // picked up by the next poll.
        seen = fingerprint();
        lastPoll = System.nanoTime();
        runReload();
      }
    }
  }

  /** Waits up to {@code nanos} for watch events; true when a relevant one arrived. */
  private boolean awaitEvents(long nanos) throws InterruptedException {
    if (watchService == null) {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return false;
    }
    boolean relevant = false;
    WatchKey key = watchService.poll(nanos, TimeUnit.NANOSECONDS);
    while (key != null) {
      relevant |= handle(key);
      key = watchService.poll();
    }
    return relevant;
  }

  private boolean handle(WatchKey key) {
    boolean relevant = false;
    Path dir = (Path) key.watchable();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW) {
        relevant = true;
        continue;
      }
      Path name = (Path) event.context();
      if (name.toString().startsWith(".")) {
        continue;
      }
      relevant = true;
      Path child = dir.resolve(name);
      if (event.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
        try {
          registerTree(child);
        } catch (IOException | RuntimeException e) {
          log.warn("zone watch cannot watch dir={} error=\"{}\"", child, e.toString());
        }
      }
    }
    key.reset();
    return relevant;
  }

  private void runReload() {
    try {
      reload.run();
    } catch (RuntimeException e) {
      // The watcher must outlive a failed reload; the next change retries.
      log.error("zone reload failed dir={} error=\"{}\"", directory, e.toString(), e);
    }
  }

  private void registerTree(Path root) throws IOException {
    for (Path dir : visibleEntries(root, true)) {
      dir.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    }
  }

  /**
   * A hash over path, size, mtime and file key of every visible file below the directory (links
   * followed for the attributes), or 0 when it cannot be read. Equal hashes mean "no change".
   */
  private long fingerprint() {
    long hash = 17;
    try {
      Path root = directory.toRealPath();
      hash = hash * 31 + root.hashCode();
      for (Path file : visibleEntries(root, false)) {
        try {
          BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
          hash = hash * 31 + file.hashCode();
          hash = hash * 31 + attrs.size();
          hash = hash * 31 + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
          hash = hash * 31 + Objects.hashCode(attrs.fileKey());
        } catch (IOException e) {
          hash = hash * 31 + file.hashCode() + 1;
        }
      }
      return hash;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Directories (with {@code directories}) or other entries below {@code root}, not hidden. */
  private static List<Path> visibleEntries(Path root, boolean directories) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, MAX_DEPTH)) {
      walk.filter(p -> p.equals(root) || !isHidden(root.relativize(p)))
          .filter(p -> Files.isDirectory(p) == directories)
          .limit(MAX_FILES)
          .forEach(entries::add);
    }
    return entries;
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
