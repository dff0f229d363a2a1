package org.webplatform.appliance.dns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.dns.answer.Transport;
import org.xbill.DNS.Type;

/** Multi-message answers (zone transfers) on the TCP connection and over UDP. */
class ResponseStreamTest {
  private static final int STREAM_ID = 0xAAAA;

  private final List<DnsServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    for (DnsServer server : servers) {
      server.stop(Duration.ofSeconds(1));
    }
  }

  /** {@code count} messages of {@code size} octets (negative: endless), ID = the query's. */
  static final class FakeStream implements ResponseStream {
    final int id;
    final int count;
    final int size;
    int produced;
    volatile boolean closed;
    volatile boolean complete;

    FakeStream(int id, int count, int size) {
      this.id = id;
      this.count = count;
      this.size = size;
    }

    @Override
    public byte[] next() {
      if (count >= 0 && produced >= count) {
        complete = true;
        return null;
      }
      byte[] message = new byte[size];
      message[0] = (byte) (id >> 8);
      message[1] = (byte) id;
      message[2] = (byte) 0x80;
      message[size - 1] = (byte) produced++;
      return message;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Streams {@code count} messages for queries with ID {@link #STREAM_ID}, passes the rest. */
  private static TransferAnswerer streaming(AtomicReference<FakeStream> last, int count, int size) {
    return (query, client, transport) -> {
      int at = query.position();
      int id = ((query.get(at) & 0xFF) << 8) | (query.get(at + 1) & 0xFF);
      if (id != STREAM_ID) {
        return null;
      }
      FakeStream stream = new FakeStream(id, count, size);
      last.set(stream);
      return stream;
    };
  }

  private static byte[] framedQuery(int id) {
    return RawDnsClient.Tcp.framed(RawDnsClient.query("example.internal.", Type.AXFR, id, 0));
  }

  private static List<byte[]> frames(EmbeddedChannel channel) {
    List<byte[]> frames = new ArrayList<>();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      try {
        while (out.isReadable()) {
          byte[] message = new byte[out.readUnsignedShort()];
          out.readBytes(message);
          frames.add(message);
        }
      } finally {
        out.release();
      }
    }
    return frames;
  }

  private static int id(byte[] message) {
    return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
  }

  @Test
  void streamIsWrittenInOrderAndAnswersPipelinedBehindItFollowIt() {
    AtomicReference<FakeStream> stream = new AtomicReference<>();
    TcpFrameDecoder decoder = new TcpFrameDecoder();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            decoder,
            new TcpTransferHandler(streaming(stream, 5, 3000), ResponseGate.OPEN),
            new TcpQueryHandler(new EchoAnswerer(), ResponseGate.OPEN, decoder));
    ByteBuf batch = Unpooled.buffer();
    batch.writeBytes(framedQuery(1)).writeBytes(framedQuery(STREAM_ID)).writeBytes(framedQuery(2));

    channel.writeInbound(batch);
    channel.runPendingTasks();

    List<byte[]> frames = frames(channel);
    assertEquals(7, frames.size());
    assertEquals(1, id(frames.get(0)));
    for (int i = 1; i <= 5; i++) {
      assertEquals(STREAM_ID, id(frames.get(i)));
      assertEquals((byte) (i - 1), frames.get(i)[2999], "stream message order");
    }
    assertEquals(2, id(frames.get(6)));
    assertTrue(stream.get().complete);
    assertTrue(stream.get().closed, "closed once written");
    channel.finishAndReleaseAll();
  }

  @Test
  void overUdpOnlyTheFirstMessageIsSentAndTheStreamIsClosed() {
    AtomicReference<FakeStream> stream = new AtomicReference<>();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new UdpQueryHandler(
                new EchoAnswerer(), streaming(stream, 3, 100), ResponseGate.OPEN));
    InetSocketAddress client = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5353);
    byte[] query = RawDnsClient.query("example.internal.", Type.IXFR, STREAM_ID, 0);

    channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(query), null, client));

    DatagramPacket response = channel.readOutbound();
    assertEquals(100, response.content().readableBytes());
    assertEquals(client, response.recipient());
    response.release();
    assertEquals(null, (Object) channel.readOutbound());
    assertTrue(stream.get().closed);
    channel.finishAndReleaseAll();
  }

  @Test
  void longStreamArrivesCompleteAndInOrderOverARealSocket() throws Exception {
    AtomicReference<FakeStream> stream = new AtomicReference<>();
    DnsServer server = start(streaming(stream, 400, 16000), Duration.ofSeconds(10));

    try (Socket socket = connect(server)) {
      socket.getOutputStream().write(framedQuery(STREAM_ID));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (int i = 0; i < 400; i++) {
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        assertEquals(STREAM_ID, id(message));
        assertEquals((byte) i, message[15999], "message " + i + " in order");
      }
    }
    Await.until(Duration.ofSeconds(5), "stream closed", () -> stream.get().closed);
    assertTrue(stream.get().complete);
  }

  @Test
  void clientThatStopsReadingAStreamIsDisconnectedAfterTheIdleTimeout() throws Exception {
    AtomicReference<FakeStream> stream = new AtomicReference<>();
    Duration idle = Duration.ofMillis(300);
    DnsServer server = start(streaming(stream, -1, 16000), idle);

    try (Socket socket = connect(server)) {
      socket.getOutputStream().write(framedQuery(STREAM_ID));
      // Read nothing: the socket buffers fill and the stream stalls.
      Await.until(Duration.ofSeconds(10), "stalled stream closed", () -> stream.get() != null
          && stream.get().closed);
      assertFalse(stream.get().complete);
      assertTrue(drainedToEnd(socket), "the server closed the connection");
    }
    Await.until(
        Duration.ofSeconds(5), "connection released", () -> server.openTcpConnections() == 0);
  }

  private DnsServer start(TransferAnswerer transfers, Duration idle) throws Exception {
    DnsServerSettings settings =
        new DnsServerSettings(
            List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
            1,
            idle,
            idle,
            16,
            IoTransport.best());
    DnsServer server =
        new DnsServer(
            settings, new EchoAnswerer(), ResponseGate.OPEN, transfers, TcpConnectionObserver.NONE);
    servers.add(server);
    server.start();
    return server;
  }

  private static Socket connect(DnsServer server) throws IOException {
    Socket socket = new Socket();
    socket.connect(server.boundAddresses().get(0), 5000);
    socket.setSoTimeout(5000);
    return socket;
  }

  /** Reads whatever is buffered until end of stream or reset: true when the server closed. */
  private static boolean drainedToEnd(Socket socket) throws IOException {
    byte[] buffer = new byte[65536];
    try {
      while (socket.getInputStream().read(buffer) >= 0) {
        // discard
      }
      return true;
    } catch (EOFException | SocketException e) {
      return true;
    }
  }
}
