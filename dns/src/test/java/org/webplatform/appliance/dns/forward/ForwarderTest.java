package org.webplatform.appliance.dns.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.forward.Records.name;
import static org.webplatform.appliance.dns.forward.Records.record;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.config.DnsForwarding;
import org.webplatform.appliance.dns.answer.Resolution;
import org.webplatform.appliance.dns.forward.ForwardCounters.AttemptResult;
import org.webplatform.appliance.dns.forward.ForwardCounters.ServfailReason;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The forwarder's policy over scripted upstreams: order, caching, coalescing, limits. */
class ForwarderTest {
  private static final InetAddress IP = loopback("127.0.53.10");

  private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(100));
  private final List<AutoCloseable> closing = new ArrayList<>();
  private Forwarder forwarder;

  private static InetAddress loopback(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (forwarder != null) {
      forwarder.stop();
    }
    for (AutoCloseable resource : closing) {
      resource.close();
    }
  }

  private Forwarder start(InetSocketAddress... upstreams) {
    DnsForwarding config =
        new DnsForwarding(
            List.of(upstreams),
            DnsForwarding.LOOPBACK,
            Duration.ofMillis(300),
            100,
            Duration.ofDays(1),
            Duration.ofHours(3));
    forwarder = new Forwarder(config, now::get);
    forwarder.start();
    return forwarder;
  }

  /** An upstream answering every query with {@code rcode} and, for NOERROR, one A record. */
  private ScriptedUpstream upstream(int rcode) throws Exception {
    ScriptedUpstream upstream =
        new ScriptedUpstream(
            IP,
            query -> {
              Message response = new Message(query.getHeader().getID());
              response.getHeader().setFlag(Flags.QR);
              response.getHeader().setRcode(rcode);
              response.addRecord(query.getQuestion(), Section.QUESTION);
              if (rcode == Rcode.NOERROR) {
                String owner = query.getQuestion().getName().toString();
                response.addRecord(record(owner + " 30 IN A 192.0.2.7"), Section.ANSWER);
              }
              return List.of(response);
            },
            query -> query);
    closing.add(upstream);
    return upstream;
  }

  private static Resolution await(CompletionStage<Resolution> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void upstreamThatRefusesIsPassedOverForTheNextOne() throws Exception {
    ScriptedUpstream refusing = upstream(Rcode.REFUSED);
    ScriptedUpstream answering = upstream(Rcode.NOERROR);
    start(refusing.address(), answering.address());

    Resolution resolution = await(forwarder.resolve(name("www.example.org."), Type.A));

    assertEquals(Rcode.NOERROR, resolution.rcode());
    assertEquals(1, forwarder.counters().attempts(0, AttemptResult.RCODE));
    assertEquals(1, forwarder.counters().attempts(1, AttemptResult.OK));
  }

  @Test
  void answerIsCachedForItsTtlAndAgesWithTheClock() throws Exception {
    start(upstream(Rcode.NOERROR).address());
    assertNull(forwarder.cached(name("www.example.org."), Type.A));

    await(forwarder.resolve(name("www.example.org."), Type.A));
    now.addAndGet(TimeUnit.SECONDS.toNanos(12));
    Resolution cached = forwarder.cached(name("WWW.example.org."), Type.A);

    assertNotNull(cached);
    assertEquals(18, cached.ttl(cached.answer().get(0)));
    now.addAndGet(TimeUnit.SECONDS.toNanos(18));
    assertNull(forwarder.cached(name("www.example.org."), Type.A), "expired at exactly 30 s");
    assertEquals(1, forwarder.counters().cacheHits());
    assertEquals(2, forwarder.counters().cacheMisses());
  }

  @Test
  void servfailFromEveryUpstreamIsServfailAndNotCached() throws Exception {
    start(upstream(Rcode.SERVFAIL).address());

    Resolution resolution = await(forwarder.resolve(name("www.example.org."), Type.A));

    assertEquals(Rcode.SERVFAIL, resolution.rcode());
    assertEquals(1, forwarder.counters().servfails(ServfailReason.UPSTREAMS_FAILED));
    assertNull(forwarder.cached(name("www.example.org."), Type.A));
  }

  @Test
  void identicalQuestionsInFlightShareOneResolutionAndOverflowIsServfail() throws Exception {
    DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress(IP, 0));
    closing.add(blackHole);
    start((InetSocketAddress) blackHole.getLocalSocketAddress());

    CompletionStage<Resolution> first = forwarder.resolve(name("www.example.org."), Type.A);
    assertSame(first, forwarder.resolve(name("WWW.EXAMPLE.ORG."), Type.A));

    List<CompletionStage<Resolution>> more = new ArrayList<>();
    for (int i = 0; i < Forwarder.MAX_IN_FLIGHT + 10; i++) {
      more.add(forwarder.resolve(name("n" + i + ".example.org."), Type.A));
    }
    long refusedAtOnce =
        more.stream().filter(stage -> stage.toCompletableFuture().isDone()).count();

    assertEquals(11, refusedAtOnce, "512 in flight at most, the first question included");
    assertEquals(11, forwarder.counters().servfails(ServfailReason.OVERLOAD));
    assertEquals(Rcode.SERVFAIL, await(first).rcode(), "the silent upstream timed out");
  }

  @Test
  void stopEndsQuestionsInFlightWithServfail() throws Exception {
    DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress(IP, 0));
    closing.add(blackHole);
    start((InetSocketAddress) blackHole.getLocalSocketAddress());
    CompletableFuture<Resolution> pending =
        forwarder.resolve(name("www.example.org."), Type.A).toCompletableFuture();

    forwarder.stop();

    assertTrue(pending.isDone());
    assertEquals(Rcode.SERVFAIL, pending.get().rcode());
  }
}
