package org.webplatform.appliance.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the {@code graphs:} section. The rrd directory need not exist (the role creates it), but
 * when it is enabled, something that is not a directory at that path is reported.
 */
final class GraphsSection {
  private GraphsSection() {}

  static GraphsConfig read(YamlMapping m, Path baseDir, boolean enabled) {
    Path rrdDir =
        m.scalar(
            "rrd_dir",
            GraphsConfig.DEFAULT_RRD_DIR,
            text -> baseDir.resolve(text).normalize(),
            "a path");
    if (enabled && Files.exists(rrdDir) && !Files.isDirectory(rrdDir)) {
      m.problem("rrd_dir", rrdDir + " exists and is not a directory");
    }
    Duration step =
        m.scalar("step", GraphsConfig.DEFAULT_STEP, ValueSyntax::duration, "a duration");
    // Whole seconds: rrd timestamps are seconds. Mailgraph samples every 60s; beyond 5m the
    // day graph would have too few points, below 10s the files only churn.
    if (step.toMillis() % 1000 != 0
        || step.compareTo(Duration.ofSeconds(10)) < 0
        || step.compareTo(Duration.ofMinutes(5)) > 0) {
      m.problem("step", "must be whole seconds between 10s and 5m");
      step = GraphsConfig.DEFAULT_STEP;
    }
    m.finish();
    return new GraphsConfig(rrdDir, step);
  }
}
