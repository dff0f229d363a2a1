package org.webplatform.appliance.dns;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.zone.PublishedRecord;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneError;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.webplatform.appliance.dns.zone.ZoneSetLoad;

/**
 * Holds the zone snapshot being served and replaces it on reload.
 *
 * <p>A reload builds the new {@link ZoneSet} beside the served one and publishes it with one
 * reference swap, so a query sees either the old or the new set, never a mix (the JVM analogue of
 * gdnsd's RCU swap). A zone whose file has an error keeps its previous data, or is absent when it
 * had none (the first load included: the role then starts DEGRADED instead of refusing to start
 * like gdnsd, because one broken file must not take every other zone off the air). The errors of
 * the latest load stay available until a load without errors.
 *
 * <p>Thread-safe: {@link #current()} is a volatile read for the I/O threads; reloads (file watcher,
 * SIGHUP, start) are serialised by a lock and never run on an I/O thread.
 */
final class ZoneReloader {
  private static final Logger log = LoggerFactory.getLogger(ZoneReloader.class);

  private final Path directory;
  private final List<PublishedRecord> published;
  private final Set<String> pools;
  private final AtomicReference<ZoneSet> current = new AtomicReference<>(ZoneSet.EMPTY);
  private volatile List<ZoneError> errors = List.of();
  private final LongAdder reloadsOk = new LongAdder();
  private final LongAdder reloadsFailed = new LongAdder();
  private final Object reloadLock = new Object();
  private volatile Listener listener = (changes, zones) -> {};

  /** Told after a reload swapped in a new snapshot, on the reloading thread. */
  interface Listener {
    /**
     * @param changes what differs from the previous snapshot, never empty
     * @param zones the snapshot now loaded ({@link ServedZones} tells its own listener with the
     *     snapshot served from it)
     */
    void changed(List<ZoneChange> changes, ZoneSet zones);
  }

  ZoneReloader(Path directory) {
    this(directory, List.of(), Set.of());
  }

  /**
   * @param published records other roles publish in our zones (DKIM keys), see ZoneDirectory
   * @param pools the pool names DYNA records may reference
   */
  ZoneReloader(Path directory, List<PublishedRecord> published, Set<String> pools) {
    this.directory = directory;
    this.published = List.copyOf(published);
    this.pools = Set.copyOf(pools);
  }

  /** Replaces the listener told about changes ({@link ServedZones}); one at a time. */
  void listener(Listener listener) {
    this.listener = listener;
  }

  /** The snapshot to answer from; cheap, for every query. */
  ZoneSet current() {
    return current.get();
  }

  /** Errors of the latest load; empty when every zone file loaded. */
  List<ZoneError> errors() {
    return errors;
  }

  long reloads(boolean ok) {
    return ok ? reloadsOk.sum() : reloadsFailed.sum();
  }

  /**
   * Loads the directory and swaps the new snapshot in; logs one line per zone added, changed or
   * removed, one per error, and a summary.
   */
  List<ZoneError> reload() {
    synchronized (reloadLock) {
      long started = System.nanoTime();
      ZoneSet before = current.get();
      ZoneSetLoad load = ZoneDirectory.load(directory, before, published, pools);
      List<ZoneChange> changes = ZoneChange.between(before, load.zones());
      if (!changes.isEmpty()) {
        // Unchanged data keeps the old object, so the responder keeps its memo of answers.
        current.set(load.zones());
      }
      errors = load.errors();
      (errors.isEmpty() ? reloadsOk : reloadsFailed).increment();
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      logOutcome(changes, load, elapsedMillis);
      if (!changes.isEmpty()) {
        tell(changes, load.zones());
      }
      return errors;
    }
  }

  private void tell(List<ZoneChange> changes, ZoneSet zones) {
    try {
      listener.changed(changes, zones);
    } catch (RuntimeException e) {
      // The new data is served whatever a listener does; its failure is its own.
      log.error("zone change listener failed error=\"{}\"", e.toString(), e);
    }
  }

  private void logOutcome(List<ZoneChange> changes, ZoneSetLoad load, long elapsedMillis) {
    int added = 0;
    int changed = 0;
    int removed = 0;
    for (ZoneChange change : changes) {
      switch (change.kind()) {
        case ADDED -> {
          added++;
          log.info("zone loaded zone={} serial={}", change.zone(), change.serial());
        }
        case CHANGED -> {
          changed++;
          log.info(
              "zone changed zone={} serial={} previous_serial={}",
              change.zone(),
              change.serial(),
              change.previousSerial());
        }
        case REMOVED -> {
          removed++;
          log.info(
              "zone removed zone={} previous_serial={}", change.zone(), change.previousSerial());
        }
      }
    }
    for (ZoneError warning : load.warnings()) {
      log.warn("zone {}", warning);
    }
    for (ZoneError error : load.errors()) {
      log.error("zone error (previous data of the zone, if any, is kept): {}", error);
    }
    if (changes.isEmpty() && load.errors().isEmpty()) {
      log.debug(
          "zones unchanged dir={} zones={} elapsed_ms={}",
          directory,
          load.zones().size(),
          elapsedMillis);
      return;
    }
    log.info(
        "zones reloaded dir={} zones={} added={} changed={} removed={} errors={} elapsed_ms={}",
        directory,
        load.zones().size(),
        added,
        changed,
        removed,
        load.errors().size(),
        elapsedMillis);
  }
}
