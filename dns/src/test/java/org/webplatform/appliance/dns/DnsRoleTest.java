package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.server.Await;
import org.webplatform.appliance.dns.server.RawDnsClient;
import org.webplatform.appliance.role.Health;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The role's lifecycle, health and raw-socket behaviour with the real responder. */
class DnsRoleTest {
  @TempDir Path dir;

  private static String address(Message response) {
    return ((ARecord) response.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
  }

  @Test
  void healthFollowsTheLifecycle() throws Exception {
    RoleFixture fixture = RoleFixture.create(dir, false, Duration.ofSeconds(10));
    assertEquals("dns", fixture.role.name());
    assertEquals(Health.Status.UNHEALTHY, fixture.role.health().status());
    assertEquals(List.of(), fixture.role.boundAddresses());

    fixture.role.start();
    Health serving = fixture.role.health();
    fixture.close();

    assertEquals(Health.Status.HEALTHY, serving.status(), serving.detail());
    assertEquals(Health.Status.UNHEALTHY, fixture.role.health().status());
    fixture.role.stop(Duration.ofSeconds(1));
    assertThrows(IllegalStateException.class, fixture.role::start);
  }

  @Test
  void startLogsOneLinePerListenerWithTheRealPort() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(DnsRole.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try (RoleFixture fixture = RoleFixture.started(dir, false)) {
      String addr = "addr=127.0.0.1:" + fixture.address().getPort();
      List<String> lines = events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();

      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("listening proto=udp " + addr)), "" + lines);
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("listening proto=tcp " + addr)), "" + lines);
    } finally {
      logger.detachAppender(events);
    }
  }

  @Test
  void brokenZoneAtStartIsSkippedAndTheRoleServesTheOthersDegraded() throws Exception {
    RoleFixture fixture = RoleFixture.create(dir, false, Duration.ofSeconds(10));
    Files.writeString(
        fixture.zones.resolve("broken.internal"),
        "$TTL 60\n@ IN SOA ns1 hostmaster 1 2 3 4 5\n@ IN A 10.0.0.300\n");
    try (fixture) {
      fixture.role.start();

      Health health = fixture.role.health();
      assertEquals(Health.Status.DEGRADED, health.status());
      assertTrue(health.detail().contains("broken.internal:3"), health.detail());
      Message ok =
          RawDnsClient.udp(
              fixture.address(), RawDnsClient.query("www.example.internal.", Type.A, 1, 0));
      assertEquals(Rcode.NOERROR, ok.getRcode());
      Message broken =
          RawDnsClient.udp(fixture.address(), RawDnsClient.query("broken.internal.", Type.A, 2, 0));
      assertEquals(Rcode.REFUSED, broken.getRcode());
    }
  }

  @Test
  void reloadWithoutWatchingPicksUpAChangedFileAtOnce() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, false)) {
      Files.writeString(
          fixture.zones.resolve("reload.internal"), ZoneReloadTest.reloadZone(2, "10.0.0.2"));

      fixture.role.reload();

      Message response =
          RawDnsClient.udp(
              fixture.address(), RawDnsClient.query("www.reload.internal.", Type.A, 1, 0));
      assertEquals("10.0.0.2", address(response));
      assertEquals(
          2,
          MetricsReader.value(
              fixture.registry, "appliance_dns_zone_serial", "zone", "reload.internal."));
    }
  }

  @Test
  void garbageAfterAHeaderGetsFormerr() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, false)) {
      byte[] garbage = {
        0x12,
        0x34,
        0x00,
        0x00,
        0x00,
        0x01,
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
        0x00,
        0x3f,
        (byte) 0xff,
        0x01,
        0x02
      };

      byte[] response = RawDnsClient.udpExchange(fixture.address(), garbage, RawDnsClient.TIMEOUT);

      assertEquals(0x1234, ((response[0] & 0xFF) << 8) | (response[1] & 0xFF));
      assertTrue((response[2] & 0x80) != 0, "QR set");
      assertEquals(Rcode.FORMERR, response[3] & 0x0F);
    }
  }

  @Test
  void packetTooShortForAHeaderIsDroppedAndCounted() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, false);
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.send(new DatagramPacket(new byte[5], 5, fixture.address()));

      Await.until(
          RawDnsClient.TIMEOUT,
          "drop counted",
          () ->
              MetricsReader.value(
                      fixture.registry, "appliance_dns_dropped_total", "transport", "udp")
                  == 1);
      socket.setSoTimeout(200);
      assertThrows(
          java.net.SocketTimeoutException.class,
          () -> socket.receive(new DatagramPacket(new byte[512], 512)));
    }
  }

  @Test
  void responsePacketsAreNeverAnswered() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, false)) {
      byte[] query = RawDnsClient.query("www.example.internal.", Type.A, 5, 0);
      query[2] |= (byte) 0x80;

      assertNull(RawDnsClient.udpExchange(fixture.address(), query, Duration.ofMillis(300)));
    }
  }

  @Test
  void severalQueriesOnOneTcpConnectionAreAnsweredInOrder() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, false);
        RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(fixture.address())) {
      ByteBuffer batch = ByteBuffer.allocate(1024);
      batch.put(RawDnsClient.Tcp.framed(RawDnsClient.query("www.example.internal.", Type.A, 1, 0)));
      batch.put(
          RawDnsClient.Tcp.framed(RawDnsClient.query("nope.example.internal.", Type.A, 2, 0)));
      batch.put(
          RawDnsClient.Tcp.framed(RawDnsClient.query("big.example.internal.", Type.TXT, 3, 0)));
      tcp.sendRaw(Arrays.copyOf(batch.array(), batch.position()));

      Message first = tcp.read();
      Message second = tcp.read();
      Message third = tcp.read();
      assertEquals(1, first.getHeader().getID());
      assertEquals("192.0.2.10", address(first));
      assertEquals(2, second.getHeader().getID());
      assertEquals(Rcode.NXDOMAIN, second.getRcode());
      assertEquals(3, third.getHeader().getID());
      assertFalse(third.getHeader().getFlag(Flags.TC));
      assertEquals(14, third.getSection(Section.ANSWER).size());
    }
  }

  @Test
  void idleTcpConnectionIsClosedAfterTheConfiguredTimeout() throws Exception {
    RoleFixture fixture = RoleFixture.create(dir, false, Duration.ofMillis(500));
    try (fixture) {
      fixture.role.start();
      try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(fixture.address())) {
        tcp.send(RawDnsClient.query("www.example.internal.", Type.A, 1, 0));
        assertEquals(1, tcp.read().getHeader().getID());
        long answered = System.nanoTime();

        assertTrue(tcp.awaitClosedByServer(RawDnsClient.TIMEOUT));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered) >= 400);
      }
    }
  }

  @Test
  void tcpQueryInFlightWhenStopIsCalledStillGetsItsAnswer() throws Exception {
    RoleFixture fixture = RoleFixture.started(dir, false);
    InetSocketAddress address = fixture.address();
    byte[] framed =
        RawDnsClient.Tcp.framed(RawDnsClient.query("www.example.internal.", Type.A, 42, 0));
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address)) {
      tcp.send(RawDnsClient.query("www.example.internal.", Type.A, 41, 0));
      assertEquals(41, tcp.read().getHeader().getID());
      tcp.sendRaw(Arrays.copyOf(framed, 7));

      CompletableFuture<Void> stopping =
          CompletableFuture.runAsync(() -> fixture.role.stop(Duration.ofSeconds(10)));
      Await.until(RawDnsClient.TIMEOUT, "listener closed", () -> RawDnsClient.tcpRefused(address));
      tcp.sendRaw(Arrays.copyOfRange(framed, 7, framed.length));

      Message response = tcp.read();
      assertEquals(42, response.getHeader().getID());
      assertEquals("192.0.2.10", address(response));
      stopping.get(10, TimeUnit.SECONDS);
      assertEquals(Health.Status.UNHEALTHY, fixture.role.health().status());
    }
  }

  @Test
  void metricsCountWhatClientsSaw() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, false)) {
      RawDnsClient.udp(
          fixture.address(), RawDnsClient.query("www.example.internal.", Type.A, 1, 0));
      RawDnsClient.udp(
          fixture.address(), RawDnsClient.query("nope.example.internal.", Type.AAAA, 2, 0));
      RawDnsClient.udp(
          fixture.address(), RawDnsClient.query("big.example.internal.", Type.TXT, 3, 0));
      try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(fixture.address())) {
        tcp.send(RawDnsClient.query("big.example.internal.", Type.TXT, 4, 0));
        tcp.read();
      }

      assertEquals(
          2,
          value(fixture, "appliance_dns_responses_total", "rcode", "NOERROR", "transport", "udp"));
      assertEquals(
          1,
          value(fixture, "appliance_dns_responses_total", "rcode", "NXDOMAIN", "transport", "udp"));
      assertEquals(
          1,
          value(
              fixture, "appliance_dns_queries_by_type_total", "qtype", "AAAA", "transport", "udp"));
      assertEquals(1, value(fixture, "appliance_dns_truncated_total", "transport", "udp"));
      assertEquals(0, value(fixture, "appliance_dns_truncated_total", "transport", "tcp"));
      assertEquals(1, value(fixture, "appliance_dns_tcp_connections_total"));
      assertEquals(2, value(fixture, "appliance_dns_zones"));
      assertEquals(
          2024010101, value(fixture, "appliance_dns_zone_serial", "zone", "example.internal."));
      assertEquals(1, value(fixture, "appliance_dns_zone_reloads_total", "result", "ok"));
    }
  }

  private static double value(RoleFixture fixture, String name, String... labels) {
    return MetricsReader.value(fixture.registry, name, labels);
  }
}
