package org.webplatform.appliance.graphs.sampler;

import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * How one rrd data source is read from a scrape: a cumulative counter (the sampler stores the
 * increase since the last sample) or a gauge (stored as read).
 *
 * @param source the rrd data source name
 * @param counter true for a counter, false for a gauge
 * @param read the value, or empty when the role that owns the metric does not run
 */
public record Probe(String source, boolean counter, Function<Readings, OptionalDouble> read) {

  public static Probe counter(String source, String metric) {
    return new Probe(source, true, r -> r.sum(metric));
  }

  public static Probe counter(String source, Function<Readings, OptionalDouble> read) {
    return new Probe(source, true, read);
  }

  public static Probe gauge(String source, String metric) {
    return new Probe(source, false, r -> r.sum(metric));
  }
}
