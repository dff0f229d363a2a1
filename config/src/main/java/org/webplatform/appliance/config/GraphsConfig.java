package org.webplatform.appliance.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code graphs:} section: Mailgraph-style rrd graphs of the appliance's own counters.
 *
 * @param rrdDir where the rrd files live; created when missing
 * @param step how often the counters are sampled; also the primary step of new rrd files (an
 *     existing file keeps the step it was created with)
 */
public record GraphsConfig(Path rrdDir, Duration step) {
  public static final Path DEFAULT_RRD_DIR = Path.of("/var/lib/appliance/graphs");
  public static final Duration DEFAULT_STEP = Duration.ofSeconds(60);

  public GraphsConfig {
    Objects.requireNonNull(rrdDir, "rrdDir");
    Objects.requireNonNull(step, "step");
    if (step.toSeconds() < 1) {
      throw new IllegalArgumentException("step must be at least 1s");
    }
  }

  /** The defaults, with the rrd files in {@code rrdDir}. */
  public static GraphsConfig of(Path rrdDir) {
    return new GraphsConfig(rrdDir, DEFAULT_STEP);
  }
}
