package org.webplatform.appliance.smtp.dkim;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Signing counters. A message is signed afresh at every delivery attempt (t= is the sending
 * time), so signatures and signed messages are counted apart: {@code signed} counts each message
 * once, the first time it is signed, whatever the number of keys and retries; {@code signatures}
 * counts every DKIM-Signature field put on the wire.
 */
public final class DkimMetrics {
  private final Counter signedMessages;
  private final Counter signatures;
  private final Counter failures;

  public DkimMetrics(PrometheusRegistry registry) {
    // The name the graphs role samples for its DKIM graph ("msgs/min"). Labelled, so that a relay
    // without keys has no data point and draws no DKIM graph.
    signedMessages =
        Counter.builder()
            .name("appliance_smtp_dkim_signed_total")
            .help("messages DKIM-signed, counted once per message, by the d= domain of their"
                + " first signature")
            .labelNames("domain")
            .register(registry);
    signatures =
        Counter.builder()
            .name("appliance_smtp_dkim_signatures_total")
            .help("DKIM-Signature fields sent, one per key per delivery attempt (dual signing and"
                + " retries add more), by d= domain and algorithm")
            .labelNames("domain", "algorithm")
            .register(registry);
    failures =
        Counter.builder()
            .name("appliance_smtp_dkim_failures_total")
            .help("delivery attempts of messages that should have been signed but could not be")
            .register(registry);
  }

  void messageSigned(DkimKey firstKey) {
    signedMessages.labelValues(firstKey.domain()).inc();
  }

  void signature(DkimKey key) {
    signatures.labelValues(key.domain(), key.algorithm().tag()).inc();
  }

  void failed() {
    failures.inc();
  }
}
