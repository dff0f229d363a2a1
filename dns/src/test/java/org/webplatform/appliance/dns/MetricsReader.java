package org.webplatform.appliance.dns;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads one value from a registry scrape, as a Prometheus server would see it. */
final class MetricsReader {
  private MetricsReader() {}

  /**
   * @param name the exposed name, {@code _total} included for counters
   * @param labels name/value pairs that must match exactly the data point's labels
   * @return the value, or NaN when there is no such series
   */
  static double value(PrometheusRegistry registry, String name, String... labels) {
    Labels wanted = Labels.of(labels);
    String base = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (!snapshot.getMetadata().getPrometheusName().equals(base)) {
        continue;
      }
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        if (point.getLabels().equals(wanted)) {
          if (point instanceof CounterSnapshot.CounterDataPointSnapshot counter) {
            return counter.getValue();
          }
          if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot gauge) {
            return gauge.getValue();
          }
        }
      }
    }
    return Double.NaN;
  }

  /** Number of series of the metric. */
  static int seriesCount(PrometheusRegistry registry, String name) {
    String base = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals(base)) {
        return snapshot.getDataPoints().size();
      }
    }
    return 0;
  }
}
