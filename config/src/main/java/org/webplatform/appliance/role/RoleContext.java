package org.webplatform.appliance.role;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * What the daemon hands every role: the shared metrics registry (scraped on {@code /metrics},
 * sampled by graphs) and the clock. The only channel from the daemon to a role.
 */
public record RoleContext(PrometheusRegistry metrics, Clock clock) {
  public RoleContext {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(clock, "clock");
  }
}
