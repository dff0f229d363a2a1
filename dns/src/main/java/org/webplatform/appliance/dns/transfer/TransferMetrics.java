package org.webplatform.appliance.dns.transfer;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of zone transfers served and NOTIFY messages sent, exported at scrape time. Zone labels
 * are only ever zones we serve (or {@code -} for a name we do not), so a client cannot grow the
 * series by asking for made-up names. Thread-safe; bumped once per transfer or notification,
 * never per query.
 *
 * <pre>
 * appliance_dns_transfers_total{zone,type,result}  AXFR/IXFR requests by outcome: ok, uptodate,
 *                                                  udp_soa, aborted, refused, notauth, formerr,
 *                                                  badkey, badsig, badtime
 * appliance_dns_notify_messages_total{zone}        NOTIFY datagrams sent, retries included
 * appliance_dns_notifies_total{zone,result}        notifications ended: acked, failed
 * </pre>
 */
public final class TransferMetrics {
  /** The zone label of a request for a name that is not one of our zones. */
  static final String NOT_OURS = "-";

  private final Map<List<String>, LongAdder> transfers = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> notifyMessages = new ConcurrentHashMap<>();
  private final Map<List<String>, LongAdder> notifies = new ConcurrentHashMap<>();

  /** Registers the series with {@code registry}. */
  public TransferMetrics(PrometheusRegistry registry) {
    CounterWithCallback.builder()
        .name("appliance_dns_transfers_total")
        .help("Zone transfer requests (AXFR, IXFR) by zone, type and result")
        .labelNames("zone", "type", "result")
        .callback(
            callback ->
                transfers.forEach(
                    (labels, count) ->
                        callback.call(count.sum(), labels.get(0), labels.get(1), labels.get(2))))
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_notify_messages_total")
        .help("NOTIFY messages sent to secondaries, retries included")
        .labelNames("zone")
        .callback(callback -> notifyMessages.forEach((zone, n) -> callback.call(n.sum(), zone)))
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_notifies_total")
        .help("NOTIFY notifications ended: acked by the secondary, or failed (no answer, error)")
        .labelNames("zone", "result")
        .callback(
            callback ->
                notifies.forEach(
                    (labels, count) -> callback.call(count.sum(), labels.get(0), labels.get(1))))
        .register(registry);
  }

  /** Not registered anywhere: for tests and for a role without a registry. */
  static TransferMetrics unregistered() {
    return new TransferMetrics(new PrometheusRegistry());
  }

  void transfer(String zone, String type, String result) {
    transfers.computeIfAbsent(List.of(zone, type, result), k -> new LongAdder()).increment();
  }

  /** The count so far, for tests and logs. */
  long transfers(String zone, String type, String result) {
    LongAdder count = transfers.get(List.of(zone, type, result));
    return count == null ? 0 : count.sum();
  }

  void notifySent(String zone) {
    notifyMessages.computeIfAbsent(zone, k -> new LongAdder()).increment();
    // Both outcomes exported from the first send on, at zero, so alerts see the series.
    notifies.computeIfAbsent(List.of(zone, "acked"), k -> new LongAdder());
    notifies.computeIfAbsent(List.of(zone, "failed"), k -> new LongAdder());
  }

  long notifyMessages(String zone) {
    LongAdder count = notifyMessages.get(zone);
    return count == null ? 0 : count.sum();
  }

  void notifyEnded(String zone, boolean acked) {
    notifies
        .computeIfAbsent(List.of(zone, acked ? "acked" : "failed"), k -> new LongAdder())
        .increment();
  }

  long notifies(String zone, boolean acked) {
    LongAdder count = notifies.get(List.of(zone, acked ? "acked" : "failed"));
    return count == null ? 0 : count.sum();
  }
}
