package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.Cidr;
import org.webplatform.appliance.config.DnsForwarding;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.dns.Dig.Answer;

/**
 * Forwarding as a VM's resolver sees it: the real dig asks the appliance, which forwards names
 * outside its zones to a real NSD on another loopback address. Clients are 127.0.0.1 (in {@code
 * recursion_networks}) and 127.0.0.2 (not in it).
 */
class ForwardingTest {
  private static final String UPSTREAM_IP = "127.0.53.1";
  private static final List<Cidr> ONLY_127_0_0_1 =
      List.of(new Cidr(InetAddress.getLoopbackAddress(), 32));

  @TempDir static Path dir;
  private static NsdPeer upstream;
  private static RoleFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    Dig.binary();
    upstream =
        NsdPeer.start(
            dir.resolve("nsd"),
            UPSTREAM_IP,
            Map.of("upstream.test", upstreamZone(3600, 300), "example.internal", theirExample()));
    fixture = RoleFixture.forwarding(dir.resolve("role"), forwarding(upstream.address()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  /** A zone with records at {@code ttl}, whose negative answers live {@code negativeTtl}. */
  static String upstreamZone(int ttl, int negativeTtl) {
    StringBuilder zone =
        new StringBuilder(
            """
            $ORIGIN upstream.test.
            $TTL %d
            @      IN SOA ns.upstream.test. host.upstream.test. 1 3600 600 86400 %d
            @      IN NS  ns
            ns     IN A   127.0.53.1
            www    IN A   192.0.2.80
            alias  IN CNAME www
            """
                .formatted(ttl, negativeTtl));
    // About 2300 octets: truncated at our EDNS size of 1232, so it needs TCP.
    for (int i = 1; i <= 20; i++) {
      zone.append("big IN TXT \"record-%02d %s\"\n".formatted(i, "y".repeat(90)));
    }
    return zone.toString();
  }

  /** The upstream's own, different, version of a zone we serve. */
  private static String theirExample() {
    return """
        $ORIGIN example.internal.
        $TTL 60
        @   IN SOA ns.example.internal. host.example.internal. 99 3600 600 86400 60
        @   IN NS  ns
        ns  IN A   127.0.53.1
        www IN A   198.51.100.66
        only-upstream IN A 198.51.100.67
        """;
  }

  static DnsForwarding forwarding(InetSocketAddress... upstreams) {
    return new DnsForwarding(
        List.of(upstreams),
        ONLY_127_0_0_1,
        Duration.ofMillis(500),
        1000,
        Duration.ofDays(1),
        Duration.ofHours(3));
  }

  private static Answer dig(RoleFixture role, String... options) throws Exception {
    List<String> all = new ArrayList<>(List.of("+rec"));
    all.addAll(List.of(options));
    return Dig.query(role.address(), all.toArray(String[]::new));
  }

  private static double metric(RoleFixture role, String name, String... labels) {
    double value = MetricsReader.value(role.registry, name, labels);
    return Double.isNaN(value) ? 0 : value;
  }

  @Test
  void nameOutsideOurZonesResolvesThroughTheUpstreamWithRecursionAvailable() throws Exception {
    Answer answer = dig(fixture, "www.upstream.test", "A");

    assertEquals("NOERROR", answer.status(), answer.output());
    assertTrue(answer.flag("ra"), answer.output());
    assertTrue(answer.flag("rd"), answer.output());
    assertFalse(answer.flag("aa"), "forwarded data is not ours: " + answer.output());
    assertEquals(List.of("192.0.2.80"), answer.answerData("A"), answer.output());
  }

  @Test
  void cnameChainOfTheUpstreamArrivesWhole() throws Exception {
    Answer answer = dig(fixture, "alias.upstream.test", "A");

    assertEquals(List.of("www.upstream.test."), answer.answerData("CNAME"), answer.output());
    assertEquals(List.of("192.0.2.80"), answer.answerData("A"), answer.output());
  }

  @Test
  void namesOfOurZonesAreAnsweredFromOurDataAndNeverForwarded() throws Exception {
    double requestsBefore = metric(fixture, "appliance_dns_forward_requests_total");

    Answer www = dig(fixture, "www.example.internal", "A");
    Answer missing = dig(fixture, "only-upstream.example.internal", "A");

    assertEquals(List.of("192.0.2.10"), www.answerData("A"), www.output());
    assertTrue(www.flag("aa"), www.output());
    assertTrue(www.flag("ra"), "recursion is available to this client: " + www.output());
    assertEquals("NXDOMAIN", missing.status(), "ours says it does not exist: " + missing.output());
    assertEquals(requestsBefore, metric(fixture, "appliance_dns_forward_requests_total"));
  }

  @Test
  void clientOutsideTheRecursionNetworksIsRefused() throws Exception {
    Answer answer = dig(fixture, "-b", "127.0.0.2", "www.upstream.test", "A");

    assertEquals("REFUSED", answer.status(), answer.output());
    assertFalse(answer.flag("ra"), answer.output());
    assertTrue(answer.answer().isEmpty(), answer.output());
  }

  @Test
  void truncatedUpstreamAnswerIsFetchedAgainOverTcp() throws Exception {
    String label = HostPort.format(upstream.address());
    double retriesBefore =
        metric(fixture, "appliance_dns_forward_upstream_tcp_retries_total", "upstream", label);

    // dig gets TC from us over UDP too (the answer exceeds 1232 octets) and asks again over TCP,
    // which we answer from the cache.
    Answer answer = dig(fixture, "big.upstream.test", "TXT");

    assertEquals("NOERROR", answer.status(), answer.output());
    assertEquals(20, answer.answerData("TXT").size(), answer.output());
    assertTrue(answer.flag("ra"), answer.output());
    assertEquals(
        retriesBefore + 1,
        metric(fixture, "appliance_dns_forward_upstream_tcp_retries_total", "upstream", label));
  }

  @Test
  void withRdClearOnlyCachedNamesAreAnswered() throws Exception {
    Answer before = dig(fixture, "+norec", "alias.upstream.test", "TXT");
    dig(fixture, "alias.upstream.test", "TXT");
    Answer after = dig(fixture, "+norec", "alias.upstream.test", "TXT");

    assertEquals("REFUSED", before.status(), before.output());
    assertEquals("NOERROR", after.status(), after.output());
    assertEquals(List.of("www.upstream.test."), after.answerData("CNAME"), after.output());
  }

  @Test
  void cacheHitsAndMissesAreCounted() throws Exception {
    double hits = metric(fixture, "appliance_dns_forward_cache_hits_total");
    double misses = metric(fixture, "appliance_dns_forward_cache_misses_total");

    dig(fixture, "www.upstream.test", "AAAA");
    dig(fixture, "www.upstream.test", "AAAA");
    dig(fixture, "www.upstream.test", "AAAA");

    assertEquals(misses + 1, metric(fixture, "appliance_dns_forward_cache_misses_total"));
    assertEquals(hits + 2, metric(fixture, "appliance_dns_forward_cache_hits_total"));
    assertTrue(metric(fixture, "appliance_dns_forward_cache_entries") >= 1);
  }

  @Test
  void cachedAnswerOutlivesTheUpstreamUntilItsTtlThenServfail() throws Exception {
    NsdPeer shortLived =
        NsdPeer.start(
            dir.resolve("nsd-ttl"), "127.0.53.2", Map.of("upstream.test", upstreamZone(4, 4)));
    try (RoleFixture role =
        RoleFixture.forwarding(dir.resolve("role-ttl"), forwarding(shortLived.address()))) {
      long asked = System.nanoTime();
      Answer first = dig(role, "www.upstream.test", "A");
      assertEquals(List.of("192.0.2.80"), first.answerData("A"), first.output());
      assertEquals(4, first.answer().get(0).ttl(), first.output());
      shortLived.close();

      List<Long> cachedTtls = new ArrayList<>();
      Answer answer;
      while (true) {
        answer = dig(role, "www.upstream.test", "A");
        if (!answer.status().equals("NOERROR")) {
          break;
        }
        assertTrue(answer.flag("ra"), answer.output());
        assertEquals(List.of("192.0.2.80"), answer.answerData("A"), answer.output());
        cachedTtls.add(answer.answer().get(0).ttl());
        assertTrue(System.nanoTime() - asked < Duration.ofSeconds(10).toNanos(), "no expiry");
        Thread.sleep(200);
      }
      long expiredAfter = System.nanoTime() - asked;

      assertEquals("SERVFAIL", answer.status(), answer.output());
      assertTrue(answer.flag("ra"), answer.output());
      assertFalse(cachedTtls.isEmpty(), "the cache answered while the upstream was down");
      assertTrue(cachedTtls.stream().anyMatch(ttl -> ttl < 4), "TTLs count down: " + cachedTtls);
      assertTrue(
          expiredAfter >= Duration.ofSeconds(4).toNanos(),
          "served until the TTL of 4 s ran out, not " + expiredAfter / 1_000_000 + " ms");
    } finally {
      shortLived.close();
    }
  }

  @Test
  void nxdomainIsCachedForTheNegativeTtl() throws Exception {
    NsdPeer shortLived =
        NsdPeer.start(
            dir.resolve("nsd-neg"), "127.0.53.3", Map.of("upstream.test", upstreamZone(60, 4)));
    try (RoleFixture role =
        RoleFixture.forwarding(dir.resolve("role-neg"), forwarding(shortLived.address()))) {
      long asked = System.nanoTime();
      Answer first = dig(role, "nope.upstream.test", "A");
      assertEquals("NXDOMAIN", first.status(), first.output());
      assertEquals("SOA", first.authority().get(0).type(), first.output());
      assertEquals(4, first.authority().get(0).ttl(), "min(SOA TTL, MINIMUM): " + first.output());
      shortLived.close();

      Answer cached = dig(role, "nope.upstream.test", "A");
      assertTrue(
          System.nanoTime() - asked < Duration.ofSeconds(4).toNanos(), "the test was too slow");
      assertEquals("NXDOMAIN", cached.status(), cached.output());
      assertTrue(cached.flag("ra"), cached.output());

      Answer later = cached;
      while (later.status().equals("NXDOMAIN")) {
        assertTrue(System.nanoTime() - asked < Duration.ofSeconds(10).toNanos(), "no expiry");
        Thread.sleep(200);
        later = dig(role, "nope.upstream.test", "A");
      }
      assertEquals("SERVFAIL", later.status(), later.output());
      assertTrue(System.nanoTime() - asked >= Duration.ofSeconds(4).toNanos());
    } finally {
      shortLived.close();
    }
  }

  @Test
  void everyUpstreamDownGivesServfail() throws Exception {
    InetAddress ip = InetAddress.getByName("127.0.53.4");
    InetSocketAddress closed1 = new InetSocketAddress(ip, NsdProcess.freePort(ip));
    InetSocketAddress closed2 = new InetSocketAddress(ip, NsdProcess.freePort(ip));
    try (RoleFixture role =
        RoleFixture.forwarding(dir.resolve("role-down"), forwarding(closed1, closed2))) {
      Answer answer = dig(role, "www.upstream.test", "A");

      assertEquals("SERVFAIL", answer.status(), answer.output());
      assertTrue(answer.flag("ra"), answer.output());
      for (InetSocketAddress closed : List.of(closed1, closed2)) {
        assertEquals(
            1,
            metric(
                role,
                "appliance_dns_forward_upstream_queries_total",
                "upstream",
                HostPort.format(closed),
                "result",
                "error"));
      }
      assertEquals(
          1, metric(role, "appliance_dns_forward_servfail_total", "reason", "upstreams_failed"));
    }
  }

  @Test
  void silentUpstreamTimesOutAndTheNextAnswersOnceForIdenticalQuestions() throws Exception {
    try (DatagramSocket blackHole =
            new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.53.5"), 0));
        RoleFixture role =
            RoleFixture.forwarding(
                dir.resolve("role-timeout"),
                forwarding(
                    (InetSocketAddress) blackHole.getLocalSocketAddress(), upstream.address()))) {
      long started = System.nanoTime();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          answers.add(clients.submit(() -> dig(role, "www.upstream.test", "A")));
        }
        for (Future<Answer> future : answers) {
          Answer answer = future.get();
          assertEquals(List.of("192.0.2.80"), answer.answerData("A"), answer.output());
        }
      } finally {
        clients.shutdown();
      }
      long elapsed = System.nanoTime() - started;

      assertTrue(elapsed >= Duration.ofMillis(500).toNanos(), "waited for the first upstream");
      String silent = HostPort.format((InetSocketAddress) blackHole.getLocalSocketAddress());
      String answering = HostPort.format(upstream.address());
      double timeouts =
          metric(role, "appliance_dns_forward_upstream_queries_total",
              "upstream", silent, "result", "timeout");
      double ok =
          metric(role, "appliance_dns_forward_upstream_queries_total",
              "upstream", answering, "result", "ok");
      // Four clients asking at once: one question upstream unless a dig came after the answer.
      assertTrue(timeouts >= 1 && timeouts == ok, "timeouts " + timeouts + ", ok " + ok);
      assertTrue(
          metric(role, "appliance_dns_forward_upstream_queries_total",
                  "upstream", answering, "result", "ok")
              < 4,
          "identical questions in flight were coalesced");
    }
  }
}
