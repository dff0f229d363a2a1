package org.webplatform.appliance.graphs.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.Archive;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdMemoryBackendFactory;
import org.rrd4j.core.Sample;

/**
 * Brings a Mailgraph history ({@code mailgraph.rrd}, rrdtool format) into our {@code mail.rrd},
 * so the graphs keep the platform's past when the appliance replaces Mailgraph.
 *
 * <p>rrd4j reads the rrdtool file as it is; its archives (8 min, 56 min, 4 h 40, 56 h) differ
 * from ours (1 min, 15 min, 1 h, 12 h), so every archive of ours is filled by resampling the
 * finest Mailgraph archive that covers each row: a row gets the messages of the Mailgraph rows
 * it overlaps, spread over its interval, which keeps the totals. Mailgraph's DS names and types
 * (ABSOLUTE, per-step counts) are ours, so the sampler continues the series after the import.
 */
public final class MailgraphImport {
  /** What an import did, for the command line to print. */
  public record Result(
      Path target,
      Optional<Path> previous,
      List<String> sources,
      Instant lastUpdate) {}

  private MailgraphImport() {}

  /**
   * Imports {@code rrdtoolFile} as {@code rrdDir/mail.rrd}. An existing {@code mail.rrd} is
   * renamed, not overwritten. Run it while the daemon is stopped: a running daemon keeps writing
   * to the file it has open.
   */
  public static Result run(Path rrdtoolFile, Path rrdDir, Duration step) throws IOException {
    if (!Files.isReadable(rrdtoolFile)) {
      throw new IOException(rrdtoolFile + ": not a readable file");
    }
    Files.createDirectories(rrdDir);
    Path target = rrdDir.resolve(Layout.MAIL.file());
    Path partial = rrdDir.resolve(Layout.MAIL.file() + ".importing");
    Files.deleteIfExists(partial);
    List<String> copied = new ArrayList<>();
    long lastUpdate;
    try (RrdDb source =
        RrdDb.getBuilder()
            .setPath("mailgraph-import")
            .setBackendFactory(new RrdMemoryBackendFactory())
            .setRrdToolImporter(rrdtoolFile.toString())
            .build()) {
      lastUpdate = source.getLastUpdateTime();
      List<Archive> averages = averageArchives(source);
      // Our archives get rows up to the last 12-h boundary; the minutes after it are replayed
      // as ordinary samples, so every archive also holds its partly consolidated last row.
      long coarsest = RrdFileSpec.ARCHIVES.get(RrdFileSpec.ARCHIVES.size() - 1)
          .resolution().toSeconds();
      long boundary = lastUpdate - Math.floorMod(lastUpdate, coarsest);
      try (RrdDb db =
          RrdDb.getBuilder()
              .setRrdDef(Layout.MAIL.definition(partial, boundary, step))
              .build()) {
        for (RrdFileSpec.Source ds : Layout.MAIL.sources()) {
          if (source.containsDs(ds.name())) {
            copied.add(ds.name());
            int from = source.getDsIndex(ds.name());
            for (int a = 0; a < db.getArcCount(); a++) {
              fill(averages, from, db.getArchive(a), db.getDsIndex(ds.name()));
            }
          }
        }
        long stepSeconds = step.toSeconds();
        for (long t = boundary + stepSeconds; t <= lastUpdate; t += stepSeconds) {
          Sample sample = db.createSample(t);
          for (String ds : copied) {
            // ABSOLUTE takes the step's count: rate × step. Unknown minutes count as none (see
            // resample) so rrd4j's consolidation (xff 0.5) does not drop the known ones.
            double rate = rate(averages, source.getDsIndex(ds), t - stepSeconds, t);
            sample.setValue(ds, Double.isNaN(rate) ? 0 : rate * stepSeconds);
          }
          sample.update();
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw new IOException(rrdtoolFile + ": cannot import as a Mailgraph rrd file: " + e, e);
    }
    if (copied.isEmpty()) {
      Files.deleteIfExists(partial);
      throw new IOException(
          rrdtoolFile + ": has none of Mailgraph's data sources (sent, recv, bounced, rejected)");
    }
    Optional<Path> previous = Optional.empty();
    if (Files.exists(target)) {
      Path aside = rrdDir.resolve(Layout.MAIL.file() + ".before-import-" + lastUpdate);
      Files.move(target, aside, StandardCopyOption.REPLACE_EXISTING);
      previous = Optional.of(aside);
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    return new Result(target, previous, copied, Instant.ofEpochSecond(lastUpdate));
  }

  /** Mailgraph's AVERAGE archives, finest first (its MAX archives are not graphed here). */
  private static List<Archive> averageArchives(RrdDb source) throws IOException {
    List<Archive> sources = new ArrayList<>();
    for (int a = 0; a < source.getArcCount(); a++) {
      if (source.getArchive(a).getConsolFun() == ConsolFun.AVERAGE) {
        sources.add(source.getArchive(a));
      }
    }
    sources.sort(Comparator.comparingLong(MailgraphImport::arcStep));
    return sources;
  }

  private static void fill(List<Archive> sources, int sourceDs, Archive archive, int dsIndex)
      throws IOException {
    long arcStep = archive.getArcStep();
    double[] out = new double[archive.getRows()];
    for (int row = 0; row < out.length; row++) {
      long end = archive.getStartTime() + row * arcStep;
      out[row] = rate(sources, sourceDs, end - arcStep, end);
    }
    archive.getRobin(dsIndex).setValues(out);
  }

  /**
   * The rate over (from, to] from the finest source archive whose rows cover all of it. That
   * archive decides even when its rows there are unknown: a coarser row overlapping them holds
   * the same messages as the finer known rows next to them, and would count them twice.
   */
  private static double rate(List<Archive> sources, int sourceDs, long from, long to)
      throws IOException {
    for (Archive source : sources) {
      long step = source.getArcStep();
      if (from >= source.getStartTime() - step && to <= source.getEndTime()) {
        long[] times = new long[source.getRows()];
        for (int i = 0; i < times.length; i++) {
          times[i] = source.getStartTime() + i * step;
        }
        return resample(times, source.getRobin(sourceDs).getValues(), step, from, to);
      }
    }
    return Double.NaN;
  }

  private static long arcStep(Archive archive) {
    try {
      return archive.getArcStep();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rate over (from, to] from source rows at {@code times}, each covering (t - step, t]:
   * the counted messages divided by the whole interval. Unknown parts count as no messages,
   * because Mailgraph writes a sample, zeros included, for every minute it runs: an unknown row
   * means it was not running and counted nothing. This keeps the totals in every archive.
   * Unknown when no source row of the interval is known.
   */
  static double resample(long[] times, double[] rates, long step, long from, long to) {
    double counted = 0;
    boolean known = false;
    for (int i = 0; i < times.length; i++) {
      long overlap = Math.min(to, times[i]) - Math.max(from, times[i] - step);
      if (overlap > 0 && !Double.isNaN(rates[i])) {
        counted += rates[i] * overlap;
        known = true;
      }
    }
    return known ? counted / (to - from) : Double.NaN;
  }
}
