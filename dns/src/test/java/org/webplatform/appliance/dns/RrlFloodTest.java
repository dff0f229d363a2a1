package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.DnsRrlConfig;
import org.webplatform.appliance.dns.Dig.Answer;
import org.webplatform.appliance.dns.server.Await;
import org.webplatform.appliance.dns.server.RawDnsClient;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A flood from one client through the real UDP socket: limited per configuration, slipped as TC
 * answers that dig retries over TCP, and no other client network is touched. Every limit here is
 * on the loopback networks, so the default exemption of 127.0.0.0/8 is emptied.
 */
class RrlFloodTest {
  private static final int FLOOD = 500;
  private static final int BATCH = 50;
  private static final String FLOODER = "127.0.0.1";
  private static final String NEIGHBOUR = "127.0.1.1"; // another /24

  @TempDir Path dir;
  private RoleFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private void start(int rate, int slip, Clock clock) throws Exception {
    DnsRrlConfig rrl = new DnsRrlConfig(true, rate, slip, 24, 56, 4096, List.of());
    fixture = RoleFixture.started(dir, rrl, clock);
  }

  private double metric(String name, String... labels) {
    double value = MetricsReader.value(fixture.registry, name, labels);
    return Double.isNaN(value) ? 0 : value;
  }

  /** UDP queries the server has answered or discarded so far (before rate limiting). */
  private long handled() {
    return (long)
        metric("appliance_dns_responses_total", "rcode", "NOERROR", "transport", "udp");
  }

  private long rrl(String action) {
    return (long) metric("appliance_dns_rrl_limited_total", "action", action);
  }

  /** What the flood's packets came back as. */
  private record Outcome(int full, int slipped, int dropped) {}

  /**
   * Sends {@code FLOOD} queries for www A from {@code source}, in batches the server has handled
   * before the next goes out (so no packet is lost in a socket buffer), then reads every datagram
   * the server sent back: full answers and slips.
   */
  private Outcome flood(String source) throws Exception {
    long handledBefore = handled();
    long droppedBefore = rrl("dropped");
    InetSocketAddress server = fixture.address();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
      socket.setReceiveBufferSize(1 << 20);
      for (int sent = 0; sent < FLOOD; ) {
        for (int i = 0; i < BATCH; i++, sent++) {
          byte[] query = RawDnsClient.query("www.example.internal.", Type.A, sent, 0);
          socket.send(new DatagramPacket(query, query.length, server));
        }
        long target = handledBefore + sent;
        Await.until(Duration.ofSeconds(10), "server handled " + sent, () -> handled() >= target);
      }
      long expected = FLOOD - (rrl("dropped") - droppedBefore);
      int full = 0;
      int slipped = 0;
      socket.setSoTimeout((int) RawDnsClient.TIMEOUT.toMillis());
      byte[] buffer = new byte[4096];
      for (long i = 0; i < expected; i++) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        Message response = new Message(Arrays.copyOf(buffer, packet.getLength()));
        assertEquals("www.example.internal.", response.getQuestion().getName().toString());
        if (response.getHeader().getFlag(Flags.TC)) {
          assertEquals(0, response.getSection(Section.ANSWER).size());
          slipped++;
        } else {
          assertEquals("192.0.2.10", response.getSection(Section.ANSWER).get(0).rdataToString());
          full++;
        }
      }
      socket.setSoTimeout(200);
      try {
        socket.receive(new DatagramPacket(buffer, buffer.length));
        throw new AssertionError("more datagrams than the server counted as sent");
      } catch (SocketTimeoutException expectedNothingMore) {
        // Every datagram the server sent has been read.
      }
      return new Outcome(full, slipped, (int) (FLOOD - expected));
    }
  }

  /** A single query from {@code source}; the response or null when none came. */
  private Message query(String source) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
      socket.setSoTimeout(1000);
      byte[] query = RawDnsClient.query("www.example.internal.", Type.A, 7, 0);
      socket.send(new DatagramPacket(query, query.length, fixture.address()));
      byte[] buffer = new byte[4096];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        return null;
      }
      return new Message(Arrays.copyOf(buffer, packet.getLength()));
    }
  }

  /** Makes the next limited response a slip (slip 2 alternates drop, slip...). */
  private void nextLimitedSlips() throws IOException {
    if ((rrl("dropped") + rrl("slipped")) % 2 == 0) {
      long before = rrl("dropped");
      assertEquals(null, query(FLOODER), "this one is dropped");
      assertEquals(before + 1, rrl("dropped"));
    }
  }

  @Test
  void aFloodGetsTheBurstThenHalfItsLimitedAnswersAsTcAndDigRetriesOverTcp() throws Exception {
    ManualClock clock = new ManualClock(); // stands still: no refill during the flood
    start(20, 2, clock);

    Outcome outcome = flood(FLOODER);

    assertEquals(new Outcome(20, 240, 240), outcome);
    assertEquals(240, rrl("slipped"));
    assertEquals(240, rrl("dropped"));

    Message neighbour = query(NEIGHBOUR);
    assertTrue(neighbour != null && !neighbour.getHeader().getFlag(Flags.TC), "other /24 served");
    assertEquals(1, neighbour.getSection(Section.ANSWER).size());

    nextLimitedSlips();
    Answer slip =
        Dig.query(fixture.address(), "-b", FLOODER, "+ignore", "www.example.internal", "A");
    assertTrue(slip.flag("tc"), slip.output());
    assertTrue(slip.answer().isEmpty(), slip.output());

    nextLimitedSlips();
    Answer retried = Dig.query(fixture.address(), "-b", FLOODER, "www.example.internal", "A");
    assertTrue(retried.output().contains("Truncated, retrying in TCP mode"), retried.output());
    assertEquals(List.of("192.0.2.10"), retried.answerData("A"), retried.output());
    assertTrue(!retried.flag("tc"), retried.output());

    clock.advance(Duration.ofSeconds(2));
    Message rested = query(FLOODER);
    assertTrue(rested != null && !rested.getHeader().getFlag(Flags.TC), "served again");
  }

  @Test
  void onTheRealClockAFloodGetsAtMostTheBurstPlusTheRateOverItsDuration() throws Exception {
    start(20, 2, Clock.systemUTC());

    long started = System.nanoTime();
    Outcome outcome = flood(FLOODER);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertTrue(outcome.full() >= 20, outcome.toString());
    assertTrue(outcome.full() <= 20 + 20 * seconds + 1, outcome + " in " + seconds + " s");
    int limited = FLOOD - outcome.full();
    assertEquals(limited / 2, outcome.slipped(), outcome.toString());
    assertEquals(limited - limited / 2, outcome.dropped(), outcome.toString());
  }
}
