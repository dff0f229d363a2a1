package org.webplatform.appliance.dns;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.webplatform.appliance.dns.forward.ForwardCounters;
import org.webplatform.appliance.dns.forward.ForwardCounters.AttemptResult;
import org.webplatform.appliance.dns.forward.ForwardCounters.ServfailReason;
import org.webplatform.appliance.dns.forward.Forwarder;

/**
 * Metrics of forwarding, registered only when {@code dns.forwarders} is set. Read at scrape time
 * from the forwarder's lock-free counters.
 *
 * <pre>
 * appliance_dns_forward_requests_total             names outside our zones asked by recursion
 *                                                   clients (hits + misses)
 * appliance_dns_forward_cache_hits_total           answered from the cache
 * appliance_dns_forward_cache_misses_total         not in the cache (asked upstream, or REFUSED
 *                                                   when RD was clear)
 * appliance_dns_forward_cache_entries              answers cached now
 * appliance_dns_forward_in_flight                  questions being resolved upstream now
 * appliance_dns_forward_upstream_queries_total{upstream,result}
 *                                                   attempts: ok, timeout, error, rcode
 * appliance_dns_forward_upstream_tcp_retries_total{upstream}
 *                                                   truncated UDP answers asked again over TCP
 * appliance_dns_forward_servfail_total{reason}     SERVFAIL: upstreams_failed, overload
 * </pre>
 */
final class ForwardingMetrics {
  private ForwardingMetrics() {}

  static void register(PrometheusRegistry registry, Forwarder forwarder) {
    ForwardCounters counters = forwarder.counters();
    List<String> upstreams = forwarder.upstreamLabels();
    CounterWithCallback.builder()
        .name("appliance_dns_forward_requests_total")
        .help("Queries for names outside our zones from clients in recursion_networks")
        .callback(callback -> callback.call(counters.cacheHits() + counters.cacheMisses()))
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_forward_cache_hits_total")
        .help("Forwarded names answered from the cache")
        .callback(callback -> callback.call(counters.cacheHits()))
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_forward_cache_misses_total")
        .help("Forwarded names not in the cache")
        .callback(callback -> callback.call(counters.cacheMisses()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("appliance_dns_forward_cache_entries")
        .help("Answers in the forwarding cache")
        .callback(callback -> callback.call(forwarder.cacheSize()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("appliance_dns_forward_in_flight")
        .help("Questions being resolved upstream now")
        .callback(callback -> callback.call(forwarder.inFlight()))
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_forward_upstream_queries_total")
        .help("Attempts at an upstream server, by how they ended")
        .labelNames("upstream", "result")
        .callback(
            callback -> {
              for (int i = 0; i < upstreams.size(); i++) {
                for (AttemptResult result : AttemptResult.values()) {
                  callback.call(counters.attempts(i, result), upstreams.get(i), result.label());
                }
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_forward_upstream_tcp_retries_total")
        .help("Truncated UDP responses from an upstream, asked again over TCP")
        .labelNames("upstream")
        .callback(
            callback -> {
              for (int i = 0; i < upstreams.size(); i++) {
                callback.call(counters.tcpRetries(i), upstreams.get(i));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_forward_servfail_total")
        .help("SERVFAIL answers to forwarded names, by reason")
        .labelNames("reason")
        .callback(
            callback -> {
              for (ServfailReason reason : ServfailReason.values()) {
                callback.call(counters.servfails(reason), reason.label());
              }
            })
        .register(registry);
  }
}
