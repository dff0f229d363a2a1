package org.webplatform.appliance.smtp.dkim;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Signing counters: signatures by d= domain and algorithm, and messages that failed. */
public final class DkimMetrics {
  private final Counter signed;
  private final Counter failures;

  public DkimMetrics(PrometheusRegistry registry) {
    signed =
        Counter.builder()
            .name("appliance_smtp_dkim_signed_total")
            .help("DKIM signatures added to outgoing messages, by d= domain and algorithm")
            .labelNames("domain", "algorithm")
            .register(registry);
    failures =
        Counter.builder()
            .name("appliance_smtp_dkim_failures_total")
            .help("delivery attempts of messages that should have been signed but could not be")
            .register(registry);
  }

  void signed(DkimKey key) {
    signed.labelValues(key.domain(), key.algorithm().tag()).inc();
  }

  void failed() {
    failures.inc();
  }
}
