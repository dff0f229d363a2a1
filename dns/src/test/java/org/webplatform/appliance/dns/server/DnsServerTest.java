package org.webplatform.appliance.dns.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.webplatform.appliance.dns.answer.Transport;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/** The transport over real loopback sockets, with an answerer that echoes the query. */
class DnsServerTest {
  private static final InetSocketAddress LOOPBACK_ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final Duration LONG = Duration.ofSeconds(30);

  private final List<DnsServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    for (DnsServer server : servers) {
      server.stop(Duration.ofSeconds(1));
    }
  }

  static Stream<IoTransport> transports() {
    return IoTransport.best() == IoTransport.EPOLL
        ? Stream.of(IoTransport.EPOLL, IoTransport.NIO)
        : Stream.of(IoTransport.NIO);
  }

  private static DnsServerSettings settings(
      IoTransport io, int udpThreads, Duration idle, Duration firstQuery, int maxConnections) {
    return new DnsServerSettings(
        List.of(LOOPBACK_ANY_PORT), udpThreads, idle, firstQuery, maxConnections, io);
  }

  private DnsServer start(DnsServerSettings settings, QueryAnswerer answerer) throws Exception {
    DnsServer server = new DnsServer(settings, answerer, TcpConnectionObserver.NONE);
    servers.add(server);
    server.start();
    return server;
  }

  private DnsServer startEcho(IoTransport io) throws Exception {
    return start(settings(io, 1, LONG, LONG, 16), new EchoAnswerer());
  }

  private static InetSocketAddress address(DnsServer server) {
    return server.boundAddresses().get(0);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void udpQueryIsAnsweredToItsSender(IoTransport io) throws Exception {
    DnsServer server = startEcho(io);
    byte[] query = RawDnsClient.query("www.example.internal.", Type.A, 4242, 0);

    Message response = RawDnsClient.udp(address(server), query);

    assertEquals(4242, response.getHeader().getID());
    assertTrue(response.getHeader().getFlag(Flags.QR));
  }

  @ParameterizedTest
  @MethodSource("transports")
  void udpAndTcpListenOnTheSamePortPickedForPortZero(IoTransport io) throws Exception {
    DnsServer server = startEcho(io);
    InetSocketAddress bound = address(server);
    assertTrue(bound.getPort() > 0, "a real port: " + bound);
    assertEquals(InetAddress.getLoopbackAddress(), bound.getAddress());

    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(bound)) {
      tcp.send(RawDnsClient.query("www.example.internal.", Type.A, 7, 0));
      assertEquals(7, tcp.read().getHeader().getID());
    }
    assertEquals(
        7, RawDnsClient.udp(bound, RawDnsClient.query("a.", Type.A, 7, 0)).getHeader().getID());
  }

  @ParameterizedTest
  @MethodSource("transports")
  void severalUdpSocketsShareThePortAndEachServes(IoTransport io) throws Exception {
    EchoAnswerer echo = new EchoAnswerer();
    DnsServer server = start(settings(io, 3, LONG, LONG, 16), echo);

    // The kernel spreads SO_REUSEPORT traffic by source address and port: 48 client sockets
    // reach all three with overwhelming probability (all on one: 3 * 3^-48).
    for (int i = 0; i < 48; i++) {
      RawDnsClient.udp(address(server), RawDnsClient.query("a.", Type.A, i, 0));
    }

    assertEquals(3, echo.threads.size(), "UDP loops that answered: " + echo.threads);
    assertTrue(
        echo.threads.stream().allMatch(name -> name.startsWith("dns-udp")), "" + echo.threads);
  }

  @Test
  void ipv6LoopbackIsServedOnItsOwnPort() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    assumeTrue(canBind(v6), "IPv6 loopback is not available on this machine");
    DnsServerSettings settings =
        new DnsServerSettings(
            List.of(LOOPBACK_ANY_PORT, new InetSocketAddress(v6, 0)),
            1,
            LONG,
            LONG,
            16,
            IoTransport.best());
    DnsServer server = start(settings, new EchoAnswerer());

    InetSocketAddress bound = server.boundAddresses().get(1);
    assertEquals(v6, bound.getAddress());
    assertEquals(
        9, RawDnsClient.udp(bound, RawDnsClient.query("a.", Type.A, 9, 0)).getHeader().getID());
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(bound)) {
      tcp.send(RawDnsClient.query("a.", Type.AAAA, 10, 0));
      assertEquals(10, tcp.read().getHeader().getID());
    }
  }

  @Test
  void udpPacketTheAnswererDeclinesGetsNoResponseAndTheSocketKeepsServing() throws Exception {
    QueryAnswerer picky =
        (query, transport) -> query.get(query.position() + 1) == 1 ? null : echo(query);
    DnsServer server = start(settings(IoTransport.best(), 1, LONG, LONG, 16), picky);

    assertNull(
        RawDnsClient.udpExchange(
            address(server), RawDnsClient.query("a.", Type.A, 1, 0), Duration.ofMillis(300)));
    assertEquals(
        2,
        RawDnsClient.udp(address(server), RawDnsClient.query("a.", Type.A, 2, 0))
            .getHeader()
            .getID());
  }

  @Test
  void answererExceptionDoesNotCloseTheUdpSocket() throws Exception {
    QueryAnswerer flaky =
        (query, transport) -> {
          if (query.get(query.position() + 1) == 1) {
            throw new IllegalStateException("boom");
          }
          return echo(query);
        };
    DnsServer server = start(settings(IoTransport.best(), 1, LONG, LONG, 16), flaky);

    assertNull(
        RawDnsClient.udpExchange(
            address(server), RawDnsClient.query("a.", Type.A, 1, 0), Duration.ofMillis(300)));
    assertEquals(
        2,
        RawDnsClient.udp(address(server), RawDnsClient.query("a.", Type.A, 2, 0))
            .getHeader()
            .getID());
  }

  @ParameterizedTest
  @MethodSource("transports")
  void pipelinedTcpQueriesAreAnsweredInOrder(IoTransport io) throws Exception {
    EchoAnswerer echo = new EchoAnswerer();
    DnsServer server = start(settings(io, 1, LONG, LONG, 16), echo);
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address(server))) {
      ByteBuffer batch = ByteBuffer.allocate(4096);
      for (int id = 1; id <= 20; id++) {
        batch.put(RawDnsClient.Tcp.framed(RawDnsClient.query("q" + id + ".", Type.A, id, 0)));
      }
      tcp.sendRaw(Arrays.copyOf(batch.array(), batch.position()));

      for (int id = 1; id <= 20; id++) {
        assertEquals(id, tcp.read().getHeader().getID());
      }
    }
    assertEquals(20, echo.tcp.get());
    assertTrue(
        echo.threads.stream().allMatch(name -> name.startsWith("dns-tcp")),
        "answered on the TCP loop: " + echo.threads);
  }

  @Test
  void tcpQueryTrickledOneByteAtATimeIsAnswered() throws Exception {
    DnsServer server = startEcho(IoTransport.best());
    byte[] framed = RawDnsClient.Tcp.framed(RawDnsClient.query("www.example.", Type.A, 77, 0));
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address(server))) {
      for (byte b : framed) {
        tcp.sendRaw(new byte[] {b});
      }
      assertEquals(77, tcp.read().getHeader().getID());
    }
  }

  @Test
  void largeTcpAnswerIsFramedWithItsLength() throws Exception {
    byte[] big = new byte[60_000];
    QueryAnswerer bigAnswer =
        (query, transport) -> {
          byte[] response = big.clone();
          query.get(query.position(), response, 0, 12);
          return response;
        };
    DnsServer server = start(settings(IoTransport.best(), 1, LONG, LONG, 16), bigAnswer);
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address(server))) {
      tcp.send(RawDnsClient.query("a.", Type.A, 3, 0));
      tcp.send(RawDnsClient.query("a.", Type.A, 4, 0));
      assertEquals(60_000, tcp.readRaw().length);
      byte[] second = tcp.readRaw();
      assertEquals(60_000, second.length);
      assertEquals(4, ((second[0] & 0xFF) << 8) | (second[1] & 0xFF));
    }
  }

  @Test
  void tcpConnectionsBeyondTheCapAreClosedAndTheSlotIsFreedOnClose() throws Exception {
    DnsServer server = start(settings(IoTransport.best(), 1, LONG, LONG, 2), new EchoAnswerer());
    InetSocketAddress address = address(server);
    RawDnsClient.Tcp first = new RawDnsClient.Tcp(address);
    try (RawDnsClient.Tcp second = new RawDnsClient.Tcp(address)) {
      first.send(RawDnsClient.query("a.", Type.A, 1, 0));
      second.send(RawDnsClient.query("a.", Type.A, 2, 0));
      assertEquals(1, first.read().getHeader().getID());
      assertEquals(2, second.read().getHeader().getID());

      try (RawDnsClient.Tcp third = new RawDnsClient.Tcp(address)) {
        assertTrue(third.awaitClosedByServer(RawDnsClient.TIMEOUT), "third connection closed");
      }

      first.close();
      Await.until(RawDnsClient.TIMEOUT, "slot freed", () -> server.openTcpConnections() == 1);
      try (RawDnsClient.Tcp fourth = new RawDnsClient.Tcp(address)) {
        fourth.send(RawDnsClient.query("a.", Type.A, 4, 0));
        assertEquals(4, fourth.read().getHeader().getID());
      }
    }
  }

  @Test
  void idleTcpConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    Duration idle = Duration.ofMillis(400);
    DnsServer server = start(settings(IoTransport.best(), 1, idle, idle, 16), new EchoAnswerer());
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address(server))) {
      tcp.send(RawDnsClient.query("a.", Type.A, 1, 0));
      assertEquals(1, tcp.read().getHeader().getID());
      long answered = System.nanoTime();

      assertTrue(tcp.awaitClosedByServer(RawDnsClient.TIMEOUT), "closed when idle");
      long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
      assertTrue(idleMillis >= 300, "closed only after being idle, was " + idleMillis + " ms");
    }
  }

  @Test
  void clientTricklingBytesIsCutOffAtTheFirstQueryDeadline() throws Exception {
    Duration firstQuery = Duration.ofMillis(300);
    DnsServer server =
        start(settings(IoTransport.best(), 1, LONG, firstQuery, 16), new EchoAnswerer());
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address(server))) {
      long connected = System.nanoTime();
      tcp.sendRaw(new byte[] {0, 40, 0});
      // Keeps sending, never completes a message: bytes alone must not keep it open.
      boolean closed = false;
      for (int i = 0; i < 50 && !closed; i++) {
        try {
          tcp.sendRaw(new byte[] {1});
        } catch (IOException e) {
          closed = true;
          break;
        }
        closed = tcp.awaitClosedByServer(Duration.ofMillis(100));
      }
      assertTrue(closed, "closed at the first-query deadline");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connected);
      assertTrue(millis < 3000, "closed long before the idle timeout, after " + millis + " ms");
    }
  }

  @Test
  void clientHalfCloseAfterItsQueriesStillGetsEveryAnswer() throws Exception {
    DnsServer server = startEcho(IoTransport.best());
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address(server))) {
      tcp.send(RawDnsClient.query("a.", Type.A, 1, 0));
      tcp.send(RawDnsClient.query("b.", Type.A, 2, 0));
      tcp.shutdownOutput();

      assertEquals(1, tcp.read().getHeader().getID());
      assertEquals(2, tcp.read().getHeader().getID());
      assertTrue(tcp.awaitClosedByServer(RawDnsClient.TIMEOUT));
    }
  }

  @Test
  void stopLetsTheTcpQueryBeingReadFinishAndAnswersIt() throws Exception {
    DnsServer server = startEcho(IoTransport.best());
    InetSocketAddress address = address(server);
    byte[] framed = RawDnsClient.Tcp.framed(RawDnsClient.query("www.example.", Type.A, 55, 0));
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address)) {
      tcp.sendRaw(Arrays.copyOf(framed, 10));
      Await.until(RawDnsClient.TIMEOUT, "connection open", () -> server.openTcpConnections() == 1);

      CompletableFuture<Void> stopping =
          CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
      Await.until(RawDnsClient.TIMEOUT, "listener closed", () -> RawDnsClient.tcpRefused(address));
      tcp.sendRaw(Arrays.copyOfRange(framed, 10, framed.length));

      assertEquals(55, tcp.read().getHeader().getID());
      assertTrue(tcp.awaitClosedByServer(RawDnsClient.TIMEOUT), "closed after the answer");
      stopping.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void stopWaitsForAnAnswerBeingComputed() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    QueryAnswerer slow =
        (query, transport) -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return echo(query);
        };
    DnsServer server = start(settings(IoTransport.best(), 1, LONG, LONG, 16), slow);
    InetSocketAddress address = address(server);
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address)) {
      tcp.send(RawDnsClient.query("a.", Type.A, 99, 0));
      assertTrue(entered.await(5, TimeUnit.SECONDS));

      CompletableFuture<Void> stopping =
          CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
      Await.until(RawDnsClient.TIMEOUT, "listener closed", () -> RawDnsClient.tcpRefused(address));
      release.countDown();

      assertEquals(99, tcp.read().getHeader().getID());
      stopping.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void stopClosesIdleConnectionsWithoutWaitingForTheGracePeriod() throws Exception {
    DnsServer server = startEcho(IoTransport.best());
    try (RawDnsClient.Tcp tcp = new RawDnsClient.Tcp(address(server))) {
      tcp.send(RawDnsClient.query("a.", Type.A, 1, 0));
      tcp.read();
      long started = System.nanoTime();

      server.stop(Duration.ofSeconds(20));

      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(millis < 5000, "stop took " + millis + " ms");
      assertTrue(tcp.awaitClosedByServer(RawDnsClient.TIMEOUT));
    }
    server.stop(Duration.ofSeconds(1));
  }

  @Test
  void portInUseFailsStartWithTheAddressInTheMessage() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(LOOPBACK_ANY_PORT)) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
      DnsServer server =
          new DnsServer(
              new DnsServerSettings(List.of(address), 1, LONG, LONG, 16, IoTransport.best()),
              new EchoAnswerer(),
              TcpConnectionObserver.NONE);
      servers.add(server);

      BindException failure = assertThrows(BindException.class, server::start);

      assertTrue(
          failure.getMessage().contains(String.valueOf(taken.getLocalPort())),
          failure.getMessage());
      assertFalse(server.serving());
    }
  }

  @Test
  void observerIsToldAboutAcceptedAndRefusedConnections() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    TcpConnectionObserver observer =
        new TcpConnectionObserver() {
          @Override
          public void accepted() {
            accepted.incrementAndGet();
          }

          @Override
          public void refused() {
            refused.incrementAndGet();
          }
        };
    DnsServer server =
        new DnsServer(settings(IoTransport.best(), 1, LONG, LONG, 1), new EchoAnswerer(), observer);
    servers.add(server);
    server.start();
    try (RawDnsClient.Tcp first = new RawDnsClient.Tcp(address(server))) {
      first.send(RawDnsClient.query("a.", Type.A, 1, 0));
      first.read();
      try (RawDnsClient.Tcp second = new RawDnsClient.Tcp(address(server))) {
        assertTrue(second.awaitClosedByServer(RawDnsClient.TIMEOUT));
      }
    }
    assertEquals(1, accepted.get());
    assertEquals(1, refused.get());
  }

  private static byte[] echo(ByteBuffer query) {
    return new EchoAnswerer().answer(query, Transport.UDP);
  }

  private static boolean canBind(InetAddress address) {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void echoAnswererSetsQr() {
    byte[] query = RawDnsClient.query("a.", Type.A, 1, 0);
    byte[] response = echo(ByteBuffer.wrap(query));
    assertEquals(query.length, response.length);
    assertArrayEquals(
        Arrays.copyOfRange(query, 3, query.length),
        Arrays.copyOfRange(response, 3, response.length));
  }
}
