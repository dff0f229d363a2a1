package org.webplatform.appliance.dns.rrl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.Cidr;
import org.webplatform.appliance.config.DnsRrlConfig;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.ResponseGate;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The limiter on real responses, with a clock the test moves. */
class ResponseRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final byte[] WWW = Responses.udp("www.example.internal.", Type.A, 1232);

  private final AtomicLong now = new AtomicLong(1000 * SECOND);
  private final AtomicLong slipped = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final RrlObserver observer =
      wasSlipped -> (wasSlipped ? slipped : dropped).incrementAndGet();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ResponseRateLimiter.class);

  @BeforeEach
  void captureLog() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(logged);
  }

  private static DnsRrlConfig config(int rate, int slip, List<Cidr> exempt) {
    return new DnsRrlConfig(true, rate, slip, 24, 56, 4096, exempt);
  }

  private ResponseRateLimiter limiter(int rate, int slip) {
    return new ResponseRateLimiter(config(rate, slip, List.of()), now::get, observer, 42);
  }

  private static InetSocketAddress client(String address) {
    return new InetSocketAddress(address, 33333);
  }

  /** Counts what {@code n} copies of {@code response} to {@code client} became. */
  private static int[] flood(ResponseGate gate, byte[] response, String client, int n) {
    int[] full = new int[3]; // full, slipped, dropped
    for (int i = 0; i < n; i++) {
      byte[] sent = gate.pass(response, client(client), Transport.UDP);
      if (sent == null) {
        full[2]++;
      } else if (sent == response) {
        full[0]++;
      } else {
        full[1]++;
      }
    }
    return full;
  }

  private List<String> lines() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void aFloodGetsTheBurstThenEverySecondLimitedResponseSlips() throws Exception {
    ResponseRateLimiter limiter = limiter(10, 2);

    assertArrayEquals(new int[] {10, 45, 45}, flood(limiter, WWW, "192.0.2.7", 100));
    assertEquals(45, slipped.get());
    assertEquals(45, dropped.get());
  }

  @Test
  void theSlipIsTheQuestionWithTcAndOurOptOnly() throws Exception {
    ResponseRateLimiter limiter = limiter(1, 1);
    limiter.pass(WWW, client("192.0.2.7"), Transport.UDP);
    byte[] slip = limiter.pass(WWW, client("192.0.2.7"), Transport.UDP);

    Message message = new Message(slip);
    assertTrue(message.getHeader().getFlag(Flags.TC));
    assertTrue(message.getHeader().getFlag(Flags.QR));
    assertTrue(message.getHeader().getFlag(Flags.AA));
    assertEquals(4242, message.getHeader().getID());
    assertEquals("www.example.internal.", message.getQuestion().getName().toString());
    assertEquals(Type.A, message.getQuestion().getType());
    assertEquals(0, message.getSection(Section.ANSWER).size());
    assertEquals(0, message.getSection(Section.AUTHORITY).size());
    OPTRecord opt = message.getOPT();
    assertNotNull(opt);
    assertEquals(1232, opt.getPayloadSize());
    assertEquals(12 + 22 + 4 + 11, slip.length);

    byte[] noEdns = Responses.udp("www.example.internal.", Type.A);
    limiter.pass(noEdns, client("192.0.2.8"), Transport.UDP);
    Message plain = new Message(limiter.pass(noEdns, client("192.0.2.8"), Transport.UDP));
    assertNull(plain.getOPT());
    assertTrue(plain.getHeader().getFlag(Flags.TC));
  }

  @Test
  void slipZeroDropsAllAndSlipOneTruncatesAll() {
    assertArrayEquals(new int[] {5, 0, 95}, flood(limiter(5, 0), WWW, "192.0.2.7", 100));
    assertArrayEquals(new int[] {5, 95, 0}, flood(limiter(5, 1), WWW, "192.0.2.7", 100));
    assertArrayEquals(new int[] {5, 31, 64}, flood(limiter(5, 3), WWW, "192.0.2.7", 100));
  }

  @Test
  void theLimitRefillsWithTime() {
    ResponseRateLimiter limiter = limiter(10, 2);
    flood(limiter, WWW, "192.0.2.7", 50);

    now.addAndGet(SECOND / 2);
    assertEquals(5, flood(limiter, WWW, "192.0.2.7", 50)[0]);
    now.addAndGet(10 * SECOND);
    assertEquals(10, flood(limiter, WWW, "192.0.2.7", 50)[0]);
  }

  @Test
  void clientsAreGroupedBySlash24AndSlash56() {
    ResponseRateLimiter limiter = limiter(5, 0);
    flood(limiter, WWW, "192.0.2.1", 10);

    assertEquals(0, flood(limiter, WWW, "192.0.2.254", 1)[0], "same /24");
    assertEquals(5, flood(limiter, WWW, "192.0.3.1", 10)[0], "next /24");

    flood(limiter, WWW, "2001:db8:0:1::1", 10);
    assertEquals(0, flood(limiter, WWW, "2001:db8:0:ff:ffff::2", 1)[0], "same /56");
    assertEquals(5, flood(limiter, WWW, "2001:db8:0:100::1", 10)[0], "next /56");
    assertEquals(5, flood(limiter, WWW, "198.51.100.1", 10)[0], "other family");
  }

  @Test
  void internalNetworksAreExemptByDefaultAndTcpIsNeverLimited() {
    ResponseRateLimiter limiter =
        new ResponseRateLimiter(
            config(1, 2, DnsRrlConfig.INTERNAL_NETWORKS), now::get, observer, 42);
    for (String internal :
        List.of("127.0.0.1", "10.20.30.40", "172.31.255.1", "192.168.1.1", "::1", "fd00::53")) {
      assertEquals(100, flood(limiter, WWW, internal, 100)[0], internal);
    }
    assertEquals(1, flood(limiter, WWW, "172.32.0.1", 100)[0], "outside 172.16.0.0/12");

    for (int i = 0; i < 100; i++) {
      assertSame(WWW, limiter.pass(WWW, client("198.51.100.1"), Transport.TCP));
    }
    ResponseRateLimiter everyone = limiter(1, 2);
    assertEquals(1, flood(everyone, WWW, "127.0.0.1", 100)[0], "exempt: []");
  }

  @Test
  void classesAndNamesAreLimitedSeparately() {
    ResponseRateLimiter limiter = limiter(5, 0);
    int nxdomains = 0;
    for (int i = 0; i < 50; i++) {
      byte[] random = Responses.udp("r" + i + ".example.internal.", Type.A);
      nxdomains += flood(limiter, random, "192.0.2.1", 1)[0];
    }
    assertEquals(5, nxdomains, "random names are one flood: keyed by the zone");

    assertEquals(5, flood(limiter, WWW, "192.0.2.1", 50)[0], "answers are not starved");
    byte[] aaaa = Responses.udp("www.example.internal.", Type.AAAA, 1232);
    assertEquals(5, flood(limiter, aaaa, "192.0.2.1", 50)[0], "each type its own key");
    byte[] nodata = Responses.udp("www.example.internal.", Type.MX);
    assertEquals(5, flood(limiter, nodata, "192.0.2.1", 50)[0]);
    byte[] referral = Responses.udp("a.sub.example.internal.", Type.A);
    byte[] referral2 = Responses.udp("b.sub.example.internal.", Type.A);
    assertEquals(5, flood(limiter, referral, "192.0.2.1", 3)[0] + flood(limiter, referral2,
        "192.0.2.1", 50)[0]);
    byte[] refused = Responses.udp("a.test.", Type.A);
    byte[] notimp = Responses.udp("www.example.internal.", Type.AXFR);
    assertEquals(5, flood(limiter, refused, "192.0.2.1", 4)[0] + flood(limiter, notimp,
        "192.0.2.1", 50)[0], "errors share one bucket per network");
  }

  @Test
  void anEpisodeLogsOnceWhenItStartsAndOnceWhenItEnds() {
    ResponseRateLimiter limiter = limiter(5, 2);
    byte[] nxdomain = Responses.udp("nope.example.internal.", Type.A);
    flood(limiter, nxdomain, "203.0.113.77", 1000);

    assertEquals(
        List.of(
            "rrl=limited client=203.0.113.0/24 class=nxdomain name=example.internal."
                + " responses_per_second=5 slip=2"),
        lines());

    now.addAndGet(5 * SECOND);
    flood(limiter, nxdomain, "203.0.113.1", 2);
    assertEquals(
        "rrl=released client=203.0.113.0/24 class=nxdomain name=example.internal.",
        lines().get(1));
    assertEquals(2, lines().size());
  }

  @Test
  void aClientFlappingAtTheLimitLogsOneEpisodeAMinute() {
    ResponseRateLimiter limiter = limiter(5, 2);
    for (int i = 0; i < 10; i++) {
      flood(limiter, WWW, "198.51.100.1", 20); // over the limit...
      now.addAndGet(2 * SECOND); // ...then rested
    }
    assertEquals(
        List.of(
            "rrl=limited client=198.51.100.0/24 class=positive name=www.example.internal."
                + " responses_per_second=5 slip=2",
            "rrl=released client=198.51.100.0/24 class=positive name=www.example.internal."),
        lines());

    now.addAndGet(LimitLog.PERIOD_NANOS);
    flood(limiter, WWW, "198.51.100.1", 20);
    assertEquals(
        "rrl=limited client=198.51.100.0/24 class=positive name=www.example.internal."
            + " responses_per_second=5 slip=2 repeats=9",
        lines().get(2));
  }

  @Test
  void manyNetworksCannotFloodTheLog() {
    ResponseRateLimiter limiter = limiter(1, 0);
    for (int network = 0; network < 100; network++) {
      flood(limiter, WWW, "10." + network + ".0.1", 3);
    }
    assertEquals(LimitLog.LINES_PER_PERIOD, lines().size());

    now.addAndGet(LimitLog.PERIOD_NANOS);
    flood(limiter, WWW, "2001:db8::1", 3);
    assertEquals(
        "rrl=limited client=2001:db8::/56 class=positive name=www.example.internal."
            + " responses_per_second=1 slip=0 suppressed_lines=80",
        lines().get(LimitLog.LINES_PER_PERIOD));
  }

  @Test
  void theTableIsBoundedByTheConfiguredSize() {
    ResponseRateLimiter limiter =
        new ResponseRateLimiter(
            new DnsRrlConfig(true, 1, 2, 24, 56, 1000, List.of()), now::get, observer, 42);
    assertEquals(1024, limiter.tableSize());
    assertEquals(1 << 20, new ResponseRateLimiter(DnsRrlConfig.DEFAULT, now::get, observer, 1)
        .tableSize());
  }

  @Test
  void offMeansNoLimiterAtAll() {
    DnsRrlConfig off = new DnsRrlConfig(false, 1, 2, 24, 56, 1024, List.of());
    assertSame(ResponseGate.OPEN, ResponseRateLimiter.create(off, Clock.systemUTC(), observer));
  }
}
