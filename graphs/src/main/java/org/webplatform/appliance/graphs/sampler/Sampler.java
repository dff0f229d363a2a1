package org.webplatform.appliance.graphs.sampler;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.webplatform.appliance.graphs.store.RrdStore;

/**
 * Turns the registry's cumulative counters into per-step counts and writes one sample per rrd
 * file. Not thread-safe: one thread (the role's sampler thread, or a test) calls {@link
 * #sample(long)}.
 *
 * <p>The previous value of every counter starts at 0 because the registry's counters start at
 * 0 with the daemon, and the graphs role starts with it: nothing counted before the first sample
 * is lost. A counter that went down was reset, and its new value is the increase (Prometheus's
 * {@code rate()} rule).
 */
public final class Sampler {
  private final PrometheusRegistry registry;
  private final RrdStore store;
  private final List<Probes.Feed> feeds;
  private final Map<String, Double> previous = new HashMap<>();

  public Sampler(PrometheusRegistry registry, RrdStore store, List<Probes.Feed> feeds) {
    this.registry = registry;
    this.store = store;
    this.feeds = List.copyOf(feeds);
  }

  /**
   * Scrapes once and updates every file whose role runs here (at least one of its metrics is
   * registered); the others are not even created, so the page shows only this VM's graphs.
   *
   * @return the number of files updated
   */
  public int sample(long timeSeconds) throws IOException {
    Readings readings = Readings.scrape(registry);
    int updated = 0;
    for (Probes.Feed feed : feeds) {
      Map<String, Double> values = new HashMap<>();
      for (Probe probe : feed.probes()) {
        OptionalDouble value = probe.read().apply(readings);
        if (value.isPresent()) {
          values.put(probe.source(), probe.counter() ? increase(feed, probe, value.getAsDouble())
              : value.getAsDouble());
        }
      }
      if (!values.isEmpty()) {
        store.update(feed.spec(), timeSeconds, values);
        updated++;
      }
    }
    return updated;
  }

  private double increase(Probes.Feed feed, Probe probe, double now) {
    String key = feed.spec().file() + "/" + probe.source();
    double before = previous.getOrDefault(key, 0.0);
    previous.put(key, now);
    return now >= before ? now - before : now;
  }
}
