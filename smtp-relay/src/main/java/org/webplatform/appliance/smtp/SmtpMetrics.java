package org.webplatform.appliance.smtp;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The relay's counters, named after Mailgraph's series (received, sent, deferred, bounced,
 * rejected). Rejection reasons are a fixed small set, never client text: {@code relay} (RCPT
 * refused by the relay policy), {@code syntax} (bad MAIL/RCPT address), {@code size} (over
 * message_size_limit), {@code auth} (failed AUTH, or AUTH without TLS) and {@code timeout}
 * (data_timeout passed). Limits subethasmtp enforces itself (connections, recipients) are not
 * counted.
 */
public final class SmtpMetrics {
  private final Counter received;
  private final Counter sent;
  private final Counter deferred;
  private final Counter bounced;
  private final Counter rejected;
  private final Histogram latency;

  public SmtpMetrics(PrometheusRegistry registry, LongSupplier queueSize) {
    received =
        Counter.builder()
            .name("appliance_smtp_messages_received_total")
            .help("messages accepted into the queue (250 queued as)")
            .register(registry);
    sent =
        Counter.builder()
            .name("appliance_smtp_messages_sent_total")
            .help("recipient deliveries accepted by the next hop")
            .register(registry);
    deferred =
        Counter.builder()
            .name("appliance_smtp_messages_deferred_total")
            .help("recipient deliveries that failed temporarily and will be retried")
            .register(registry);
    bounced =
        Counter.builder()
            .name("appliance_smtp_messages_bounced_total")
            .help("recipient deliveries that failed for good (a DSN goes to the sender)")
            .register(registry);
    rejected =
        Counter.builder()
            .name("appliance_smtp_messages_rejected_total")
            .help("commands refused at SMTP time, by reason")
            .labelNames("reason")
            .register(registry);
    latency =
        Histogram.builder()
            .name("appliance_smtp_delivery_latency_seconds")
            .help("time from arrival to successful delivery, per recipient")
            .classicUpperBounds(0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300, 3600, 86400)
            .register(registry);
    GaugeWithCallback.builder()
        .name("appliance_smtp_queue_size")
        .help("messages in the queue")
        .callback(cb -> cb.call(queueSize.getAsLong()))
        .register(registry);
  }

  public void received() {
    received.inc();
  }

  public void sent(double latencySeconds) {
    sent.inc();
    latency.observe(latencySeconds);
  }

  public void deferred() {
    deferred.inc();
  }

  public void bounced() {
    bounced.inc();
  }

  public void rejected(String reason) {
    rejected.labelValues(reason).inc();
  }
}
