package org.webplatform.appliance.dns;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.ToLongFunction;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.zone.Zone;

/**
 * The role's Prometheus metrics. Every value is read at scrape time from counters the hot path
 * bumps without locks ({@link QueryCounters}) or from the zone snapshot; nothing here runs per
 * query.
 *
 * <pre>
 * appliance_dns_responses_total{rcode,transport}        responses sent, by RCODE
 * appliance_dns_queries_by_type_total{qtype,transport}  answered queries by QTYPE (common + other)
 * appliance_dns_truncated_total{transport}              responses with TC set
 * appliance_dns_dropped_total{transport}                packets not answered (responses, runts)
 * appliance_dns_tcp_connections_total                   TCP connections accepted
 * appliance_dns_tcp_refused_total                       TCP connections refused over the cap
 * appliance_dns_zones                                   zones served
 * appliance_dns_zone_errors                             errors of the latest zone load
 * appliance_dns_zone_reloads_total{result="ok|error"}   zone loads, with or without errors
 * appliance_dns_zone_serial{zone}                       SOA serial of each zone served
 * appliance_dns_ipv6_responses_total{transport}         responses to IPv6 clients
 * appliance_dns_edns_responses_total{transport}         responses with EDNS (query had an OPT)
 * appliance_dns_edns_do_responses_total{transport}      of those, with the DO bit
 * appliance_dns_rrl_limited_total{action="dropped|slipped"}  UDP responses over the rate limit
 * </pre>
 */
final class DnsMetrics {
  /** Always exported, even at zero, so dashboards and alerts see the series from the start. */
  private static final int[] COMMON_RCODES = {0, 1, 2, 3, 4, 5};

  private final QueryCounters queries = new QueryCounters();

  DnsMetrics(PrometheusRegistry registry, ZoneReloader zones) {
    CounterWithCallback.builder()
        .name("appliance_dns_responses_total")
        .help("DNS responses sent, by response code")
        .labelNames("rcode", "transport")
        .callback(
            callback -> {
              for (Transport transport : Transport.values()) {
                for (int slot = 0; slot <= QueryCounters.OTHER_RCODE; slot++) {
                  long value = queries.responseCount(transport, slot);
                  if (value > 0 || isCommon(slot)) {
                    callback.call(value, QueryCounters.rcodeLabel(slot), label(transport));
                  }
                }
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_queries_by_type_total")
        .help("DNS queries answered, by query type (common types, else other)")
        .labelNames("qtype", "transport")
        .callback(
            callback -> {
              for (Transport transport : Transport.values()) {
                for (int slot = 0; slot < QueryCounters.QTYPE_LABELS.length; slot++) {
                  callback.call(
                      queries.queryCount(transport, slot),
                      QueryCounters.QTYPE_LABELS[slot],
                      label(transport));
                }
              }
            })
        .register(registry);
    perTransport(
        registry,
        "appliance_dns_truncated_total",
        "DNS responses sent with TC (client should retry over TCP)",
        queries::truncatedCount);
    perTransport(
        registry,
        "appliance_dns_dropped_total",
        "DNS packets not answered (responses, packets shorter than a header)",
        queries::droppedCount);
    CounterWithCallback.builder()
        .name("appliance_dns_tcp_connections_total")
        .help("DNS TCP connections accepted")
        .callback(callback -> callback.call(queries.tcpAcceptedCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_tcp_refused_total")
        .help("DNS TCP connections closed at once because tcp_max_connections were open")
        .callback(callback -> callback.call(queries.tcpRefusedCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("appliance_dns_zones")
        .help("Zones served")
        .callback(callback -> callback.call(zones.current().size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("appliance_dns_zone_errors")
        .help("Errors found by the latest zone load (affected zones keep their previous data)")
        .callback(callback -> callback.call(zones.errors().size()))
        .register(registry);
    CounterWithCallback.builder()
        .name("appliance_dns_zone_reloads_total")
        .help("Zone directory loads; result=error when any zone file had an error")
        .labelNames("result")
        .callback(
            callback -> {
              callback.call(zones.reloads(true), "ok");
              callback.call(zones.reloads(false), "error");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("appliance_dns_zone_serial")
        .help("SOA serial of each zone served")
        .labelNames("zone")
        .callback(
            callback -> {
              for (Zone zone : zones.current().zones()) {
                callback.call(zone.serial(), ZoneChange.label(zone));
              }
            })
        .register(registry);
    perTransport(
        registry,
        "appliance_dns_ipv6_responses_total",
        "DNS responses to IPv6 clients",
        queries::ipv6Count);
    perTransport(
        registry,
        "appliance_dns_edns_responses_total",
        "DNS responses with EDNS (the query had an OPT record)",
        queries::ednsCount);
    perTransport(
        registry,
        "appliance_dns_edns_do_responses_total",
        "DNS responses with EDNS and the DO bit",
        queries::ednsDoCount);
    CounterWithCallback.builder()
        .name("appliance_dns_rrl_limited_total")
        .help("UDP responses over the rate limit (dns.rrl): dropped, or sent as TC=1 (slipped)")
        .labelNames("action")
        .callback(
            callback -> {
              callback.call(queries.rrlDroppedCount(), "dropped");
              callback.call(queries.rrlSlippedCount(), "slipped");
            })
        .register(registry);
  }

  /** The observer the responder and the TCP listener report to. */
  QueryCounters queries() {
    return queries;
  }

  private static void perTransport(
      PrometheusRegistry registry, String name, String help, ToLongFunction<Transport> count) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("transport")
        .callback(
            callback -> {
              for (Transport transport : Transport.values()) {
                callback.call(count.applyAsLong(transport), label(transport));
              }
            })
        .register(registry);
  }

  private static boolean isCommon(int slot) {
    for (int common : COMMON_RCODES) {
      if (common == slot) {
        return true;
      }
    }
    return false;
  }

  private static String label(Transport transport) {
    return transport == Transport.UDP ? "udp" : "tcp";
  }
}
