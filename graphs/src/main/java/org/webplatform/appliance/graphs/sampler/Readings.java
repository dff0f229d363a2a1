package org.webplatform.appliance.graphs.sampler;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * One scrape of the shared registry, reduced to what graphs need: counter and gauge values by
 * metric name and labels. Names are kept without the {@code _total} suffix, as the Prometheus
 * client stores them, and looked up either way.
 */
public final class Readings {
  private record Point(Labels labels, double value) {}

  private final Map<String, List<Point>> byName = new HashMap<>();

  private Readings() {}

  public static Readings scrape(PrometheusRegistry registry) {
    Readings readings = new Readings();
    for (MetricSnapshot snapshot : registry.scrape()) {
      List<Point> points = new ArrayList<>();
      if (snapshot instanceof CounterSnapshot counter) {
        counter.getDataPoints().forEach(p -> points.add(new Point(p.getLabels(), p.getValue())));
      } else if (snapshot instanceof GaugeSnapshot gauge) {
        gauge.getDataPoints().forEach(p -> points.add(new Point(p.getLabels(), p.getValue())));
      } else {
        continue;
      }
      readings.byName.put(baseName(snapshot.getMetadata().getName()), points);
    }
    return readings;
  }

  /** True when some role registered the metric (even with no data point yet). */
  public boolean has(String name) {
    return byName.containsKey(baseName(name));
  }

  /** The sum over all labels, or empty when the metric is not registered. */
  public OptionalDouble sum(String name) {
    return sum(name, labels -> true);
  }

  /**
   * The sum over all labels, or empty while the metric has no data point: a labelled counter
   * the relay registers even where it never counts (DKIM signatures without keys).
   */
  public OptionalDouble sumIfCounted(String name) {
    List<Point> points = byName.get(baseName(name));
    return points == null || points.isEmpty() ? OptionalDouble.empty() : sum(name);
  }

  /** The sum over the data points whose labels pass {@code filter}. */
  public OptionalDouble sum(String name, Predicate<Labels> filter) {
    List<Point> points = byName.get(baseName(name));
    if (points == null) {
      return OptionalDouble.empty();
    }
    double total = 0;
    for (Point point : points) {
      if (filter.test(point.labels())) {
        total += point.value();
      }
    }
    return OptionalDouble.of(total);
  }

  private static String baseName(String name) {
    return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
  }
}
