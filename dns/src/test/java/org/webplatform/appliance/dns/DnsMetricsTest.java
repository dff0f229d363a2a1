package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.RawDnsClient;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** What a scrape shows after observer calls and zone loads; no sockets. */
class DnsMetricsTest {
  @TempDir Path dir;

  private final PrometheusRegistry registry = new PrometheusRegistry();

  @Test
  void responsesAreCountedByRcodeAndTransport() {
    DnsMetrics metrics = new DnsMetrics(registry, new ZoneReloader(dir));
    QueryCounters queries = metrics.queries();

    queries.answered(Transport.UDP, Type.A, Rcode.NOERROR, false);
    queries.answered(Transport.UDP, Type.A, Rcode.NOERROR, true);
    queries.answered(Transport.TCP, Type.MX, Rcode.NXDOMAIN, false);
    queries.answered(Transport.UDP, -1, Rcode.FORMERR, false);
    queries.answered(Transport.UDP, Type.A, 16, false);
    queries.dropped(Transport.UDP);

    assertEquals(2, value("appliance_dns_responses_total", "rcode", "NOERROR", "transport", "udp"));
    assertEquals(
        1, value("appliance_dns_responses_total", "rcode", "NXDOMAIN", "transport", "tcp"));
    assertEquals(1, value("appliance_dns_responses_total", "rcode", "FORMERR", "transport", "udp"));
    assertEquals(1, value("appliance_dns_responses_total", "rcode", "BADVERS", "transport", "udp"));
    assertEquals(3, value("appliance_dns_queries_by_type_total", "qtype", "A", "transport", "udp"));
    assertEquals(
        1, value("appliance_dns_queries_by_type_total", "qtype", "MX", "transport", "tcp"));
    assertEquals(
        1, value("appliance_dns_queries_by_type_total", "qtype", "other", "transport", "udp"));
    assertEquals(1, value("appliance_dns_truncated_total", "transport", "udp"));
    assertEquals(0, value("appliance_dns_truncated_total", "transport", "tcp"));
    assertEquals(1, value("appliance_dns_dropped_total", "transport", "udp"));
  }

  @Test
  void commonRcodesAreExportedAtZeroAndRareOnesOnlyOnceSeen() {
    DnsMetrics metrics = new DnsMetrics(registry, new ZoneReloader(dir));

    assertEquals(0, value("appliance_dns_responses_total", "rcode", "REFUSED", "transport", "tcp"));
    assertEquals(12, MetricsReader.seriesCount(registry, "appliance_dns_responses_total"));

    metrics.queries().answered(Transport.UDP, Type.A, 9, false);
    assertEquals(1, value("appliance_dns_responses_total", "rcode", "NOTAUTH", "transport", "udp"));
    assertEquals(13, MetricsReader.seriesCount(registry, "appliance_dns_responses_total"));
  }

  @Test
  void labelSetsAreBoundedWhateverArrives() {
    DnsMetrics metrics = new DnsMetrics(registry, new ZoneReloader(dir));
    for (int type = 0; type < 65536; type += 7) {
      metrics.queries().answered(Transport.UDP, type, type % 4096, false);
    }

    int qtypeSeries = 2 * QueryCounters.QTYPE_LABELS.length;
    assertEquals(
        qtypeSeries, MetricsReader.seriesCount(registry, "appliance_dns_queries_by_type_total"));
    assertEquals(
        true,
        MetricsReader.seriesCount(registry, "appliance_dns_responses_total")
            <= 2 * (QueryCounters.NAMED_RCODES + 1));
  }

  @Test
  void tcpConnectionsAreCounted() {
    DnsMetrics metrics = new DnsMetrics(registry, new ZoneReloader(dir));
    metrics.queries().accepted();
    metrics.queries().accepted();
    metrics.queries().refused();

    assertEquals(2, value("appliance_dns_tcp_connections_total"));
    assertEquals(1, value("appliance_dns_tcp_refused_total"));
  }

  @Test
  void rateLimitedResponsesAndEdnsAndIpv6AreCounted() throws Exception {
    DnsMetrics metrics = new DnsMetrics(registry, new ZoneReloader(dir));
    metrics.queries().limited(true);
    metrics.queries().limited(false);
    metrics.queries().limited(false);
    byte[] response = RawDnsClient.query("x.test.", Type.A, 1, 1232);
    response[2] |= (byte) 0x80;
    metrics.queries().pass(response, new InetSocketAddress("::1", 53), Transport.TCP);

    assertEquals(1, value("appliance_dns_rrl_limited_total", "action", "slipped"));
    assertEquals(2, value("appliance_dns_rrl_limited_total", "action", "dropped"));
    assertEquals(1, value("appliance_dns_ipv6_responses_total", "transport", "tcp"));
    assertEquals(0, value("appliance_dns_ipv6_responses_total", "transport", "udp"));
    assertEquals(1, value("appliance_dns_edns_responses_total", "transport", "tcp"));
    assertEquals(0, value("appliance_dns_edns_do_responses_total", "transport", "tcp"));
  }

  @Test
  void zoneGaugesFollowTheServedSnapshotAndReloadsAreCountedByResult() throws Exception {
    ZoneReloader zones = new ZoneReloader(dir);
    new DnsMetrics(registry, zones);
    Files.copy(RoleFixture.fixture().resolve("reload.internal"), dir.resolve("reload.internal"));
    assertEquals(0, value("appliance_dns_zones"));

    zones.reload();
    Files.writeString(dir.resolve("broken.internal"), "this is not a zone file\n");
    zones.reload();

    assertEquals(1, value("appliance_dns_zones"));
    assertEquals(1, value("appliance_dns_zone_serial", "zone", "reload.internal."));
    assertEquals(1, value("appliance_dns_zone_errors"));
    assertEquals(1, value("appliance_dns_zone_reloads_total", "result", "ok"));
    assertEquals(1, value("appliance_dns_zone_reloads_total", "result", "error"));
  }

  private double value(String name, String... labels) {
    return MetricsReader.value(registry, name, labels);
  }
}
