package org.webplatform.appliance.graphs.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDbPool;
import org.rrd4j.core.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rrd files of one directory, kept open in an instance {@link RrdDbPool} that the graph
 * renderer shares, so a graph reads the same {@link RrdDb} the sampler writes (rrd4j
 * synchronizes both on it). A missing, unreadable or outdated file is set aside and recreated
 * with a log line: losing a graph's history must never stop the appliance.
 */
public final class RrdStore implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(RrdStore.class);

  private final Path dir;
  private final Duration step;
  private final RrdDbPool pool = new RrdDbPool();
  private final Map<String, RrdDb> open = new HashMap<>();

  public RrdStore(Path dir, Duration step) throws IOException {
    this.dir = dir;
    this.step = step;
    Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  public RrdDbPool pool() {
    return pool;
  }

  public Path path(RrdFileSpec spec) {
    return dir.resolve(spec.file());
  }

  /**
   * Writes one sample at {@code timeSeconds}; values missing from the map are stored as unknown.
   * A time not after the file's last update (clock stepped back) is skipped, not an error.
   */
  public synchronized void update(RrdFileSpec spec, long timeSeconds, Map<String, Double> values)
      throws IOException {
    RrdDb db = openOrCreate(spec, timeSeconds);
    if (timeSeconds <= db.getLastUpdateTime()) {
      log.debug("{}: sample at {} is not after the last update, skipped", spec.file(), timeSeconds);
      return;
    }
    Sample sample = db.createSample(timeSeconds);
    for (RrdFileSpec.Source source : spec.sources()) {
      sample.setValue(source.name(), values.getOrDefault(source.name(), Double.NaN));
    }
    sample.update();
  }

  private RrdDb openOrCreate(RrdFileSpec spec, long nowSeconds) throws IOException {
    Path path = path(spec);
    RrdDb db = open.get(spec.file());
    if (db != null && Files.exists(path)) {
      return db;
    }
    if (db != null) {
      log.warn("{} disappeared; creating a new one (its history is lost)", path);
      release(spec.file());
    }
    if (Files.exists(path)) {
      try {
        db = pool.requestRrdDb(path.toString());
        if (hasAllSources(db, spec)) {
          open.put(spec.file(), db);
          return db;
        }
        db.close(); // pooled: back to the pool, which closes the file
        setAside(path, "lacks data sources of this version");
      } catch (IOException | RuntimeException e) {
        // rrd4j reports a truncated or foreign file as InvalidRrdException or a runtime error.
        setAside(path, "is not a readable rrd file (" + e + ")");
      }
    }
    db = pool.requestRrdDb(spec.definition(path, nowSeconds - step.toSeconds(), step));
    log.info("created {} (step {}s)", path, step.toSeconds());
    open.put(spec.file(), db);
    return db;
  }

  private static boolean hasAllSources(RrdDb db, RrdFileSpec spec) throws IOException {
    for (RrdFileSpec.Source source : spec.sources()) {
      if (!db.containsDs(source.name())) {
        return false;
      }
    }
    return true;
  }

  /** Keeps the bad file next to the new one for a post-mortem instead of deleting it. */
  private static void setAside(Path path, String why) throws IOException {
    Path aside = path.resolveSibling(path.getFileName() + ".bad-" + System.currentTimeMillis());
    log.warn("{} {}; moved to {} and recreating it (its history starts again)", path, why, aside);
    Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
  }

  private void release(String file) {
    RrdDb db = open.remove(file);
    if (db != null) {
      try {
        db.close(); // pooled: the pool closes the file once nobody holds it
      } catch (IOException e) {
        log.warn("closing {}: {}", file, e.toString());
      }
    }
  }

  @Override
  public synchronized void close() {
    for (String file : Map.copyOf(open).keySet()) {
      release(file);
    }
  }
}
