package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.DnsRrlConfig;
import org.webplatform.appliance.dns.answer.AnswerObserver;
import org.webplatform.appliance.dns.answer.Responder;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.RawDnsClient;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The gdnsd-style stats document from the live counters; no sockets. */
class DnsStatsTest {
  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();
  private final QueryCounters queries = new QueryCounters();

  private static byte[] response(String name, int type, int ednsSize, boolean dnssecOk) {
    ZoneSet zones = ZoneDirectory.load(RoleFixture.fixture(), ZoneSet.EMPTY).zones();
    byte[] query = RawDnsClient.query(name, type, 1, ednsSize);
    if (dnssecOk) {
      query[query.length - 4] |= (byte) 0x80; // DO: top bit of the OPT TTL's flags
    }
    return new Responder(() -> zones, 1232, AnswerObserver.NONE)
        .respond(ByteBuffer.wrap(query), Transport.UDP);
  }

  @Test
  void countsResponsesToIpv6ClientsAndWithEdnsAndDo() {
    InetSocketAddress v4 = new InetSocketAddress("192.0.2.1", 5353);
    InetSocketAddress v6 = new InetSocketAddress("2001:db8::1", 5353);
    byte[] plain = response("www.example.internal.", Type.A, 0, false);
    byte[] edns = response("www.example.internal.", Type.A, 1232, false);
    byte[] ednsDo = response("nope.example.internal.", Type.A, 1232, true);

    assertEquals(plain, queries.pass(plain, v6, Transport.UDP));
    queries.pass(edns, v4, Transport.UDP);
    queries.pass(ednsDo, v6, Transport.TCP);
    queries.pass(null, v6, Transport.UDP);

    assertEquals(1, queries.ipv6Count(Transport.UDP));
    assertEquals(1, queries.ipv6Count(Transport.TCP));
    assertEquals(1, queries.ednsCount(Transport.UDP));
    assertEquals(0, queries.ednsDoCount(Transport.UDP));
    assertEquals(1, queries.ednsCount(Transport.TCP));
    assertEquals(1, queries.ednsDoCount(Transport.TCP));
  }

  @Test
  void theDocumentHasGdnsdsShapeAndReadsTheCountersLive() throws Exception {
    Files.copy(RoleFixture.fixture().resolve("reload.internal"), dir.resolve("reload.internal"));
    ZoneReloader zones = new ZoneReloader(dir);
    zones.reload();
    DnsStats stats = new DnsStats(clock, queries, zones, DnsRrlConfig.DEFAULT);
    stats.started(clock.instant());
    clock.advance(Duration.ofSeconds(90));

    queries.answered(Transport.UDP, Type.A, Rcode.NOERROR, false);
    queries.answered(Transport.UDP, Type.A, Rcode.NOERROR, true);
    queries.answered(Transport.TCP, Type.A, Rcode.NXDOMAIN, false);
    queries.answered(Transport.UDP, Type.A, Rcode.BADVERS, false);
    queries.dropped(Transport.UDP);
    queries.accepted();
    queries.refused();
    queries.limited(true);
    queries.limited(false);
    queries.limited(false);
    queries.pass(
        response("www.example.internal.", Type.A, 1232, true),
        new InetSocketAddress("::1", 53),
        Transport.UDP);

    assertEquals(
        """
        {
          "uptime": 90,
          "stats": {
            "noerror": 2,
            "refused": 0,
            "nxdomain": 1,
            "notimp": 0,
            "badvers": 1,
            "formerr": 0,
            "servfail": 0,
            "dropped": 1,
            "v6": 1,
            "edns": 1,
            "edns_do": 1
          },
          "udp": {
            "reqs": 4,
            "tc": 1
          },
          "tcp": {
            "reqs": 1,
            "conns": 1,
            "refused": 1
          },
          "rrl": {
            "enabled": true,
            "limited": 3,
            "dropped": 2,
            "slipped": 1
          },
          "zones": {
            "count": 1,
            "errors": 0,
            "reloads_ok": 1,
            "reloads_failed": 0
          }
        }
        """,
        stats.json());
  }

  @Test
  void aSectionIsOneMoreLine() {
    DnsStats stats = new DnsStats(clock, queries, new ZoneReloader(dir), DnsRrlConfig.DEFAULT);
    long[] hits = {7};

    stats.section("forward", out -> out.put("hits", hits[0]).put("misses", 3));
    hits[0]++;

    String json = stats.json();
    assertEquals(true, json.startsWith("{\n  \"uptime\": 0,\n  \"stats\": {"), json);
    assertEquals(
        true,
        json.endsWith(
            "  \"forward\": {\n    \"hits\": 8,\n    \"misses\": 3\n  }\n}\n"),
        json);
  }
}
