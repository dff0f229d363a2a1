package org.webplatform.appliance.dns.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Framing and connection behaviour of one TCP connection, on an embedded channel. */
class TcpQueryHandlerTest {
  private final EchoAnswerer echo = new EchoAnswerer();

  private EmbeddedChannel channel() {
    TcpFrameDecoder decoder = new TcpFrameDecoder();
    return new EmbeddedChannel(decoder, new TcpQueryHandler(echo, ResponseGate.OPEN, decoder));
  }

  static byte[] framedQuery(int id) {
    return RawDnsClient.Tcp.framed(RawDnsClient.query("host" + id + ".example.", Type.A, id, 0));
  }

  /** Every framed response written so far, prefix removed, checking each prefix. */
  static List<byte[]> responses(EmbeddedChannel channel) {
    List<byte[]> responses = new ArrayList<>();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      try {
        while (out.isReadable()) {
          int length = out.readUnsignedShort();
          byte[] message = new byte[length];
          out.readBytes(message);
          responses.add(message);
        }
      } finally {
        out.release();
      }
    }
    return responses;
  }

  static int id(byte[] message) {
    return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
  }

  @Test
  void queriesSplitAtEveryByteBoundaryAreAnsweredExactlyOnce() {
    byte[] two = ByteBuffer.allocate(200).put(framedQuery(1)).put(framedQuery(2)).flip().array();
    int total = framedQuery(1).length + framedQuery(2).length;
    for (int split = 0; split <= total; split++) {
      EmbeddedChannel channel = channel();
      channel.writeInbound(Unpooled.wrappedBuffer(two, 0, split));
      channel.writeInbound(Unpooled.wrappedBuffer(two, split, total - split));

      List<byte[]> responses = responses(channel);
      assertEquals(2, responses.size(), "split at " + split);
      assertEquals(1, id(responses.get(0)));
      assertEquals(2, id(responses.get(1)));
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void pipelinedQueriesInOneReadAreAnsweredInOrder() {
    EmbeddedChannel channel = channel();
    ByteBuf batch = Unpooled.buffer();
    for (int id = 1; id <= 10; id++) {
      batch.writeBytes(framedQuery(id));
    }

    channel.writeInbound(batch);

    List<byte[]> responses = responses(channel);
    for (int i = 0; i < 10; i++) {
      assertEquals(i + 1, id(responses.get(i)));
    }
    channel.finishAndReleaseAll();
  }

  @Test
  void responseIsTheAnswerersBytesWithTheLengthPrefix() {
    EmbeddedChannel channel = channel();
    byte[] framed = framedQuery(7);

    channel.writeInbound(Unpooled.wrappedBuffer(framed));

    byte[] expected = new byte[framed.length - 2];
    System.arraycopy(framed, 2, expected, 0, expected.length);
    expected[2] |= (byte) 0x80;
    assertArrayEquals(expected, responses(channel).get(0));
    channel.finishAndReleaseAll();
  }

  @Test
  void idleEventClosesTheConnection() {
    EmbeddedChannel channel = channel();

    channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    channel.runPendingTasks();

    assertFalse(channel.isOpen());
  }

  @Test
  void drainWithoutAPartialQueryClosesAfterTheReadGrace() {
    EmbeddedChannel channel = channel();
    channel.freezeTime();
    channel.writeInbound(Unpooled.wrappedBuffer(framedQuery(1)));

    channel.pipeline().fireUserEventTriggered(TcpDrainRequest.INSTANCE);
    channel.runPendingTasks();
    assertTrue(channel.isOpen(), "a query may still be on its way");

    channel.advanceTimeBy(TcpQueryHandler.DRAIN_READ_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    channel.runPendingTasks();
    assertEquals(1, responses(channel).size());
    assertFalse(channel.isOpen());
  }

  @Test
  void aQueryArrivingInTheDrainReadGraceIsAnsweredThenTheConnectionCloses() {
    EmbeddedChannel channel = channel();
    channel.freezeTime();
    channel.pipeline().fireUserEventTriggered(TcpDrainRequest.INSTANCE);
    channel.runPendingTasks();

    channel.writeInbound(Unpooled.wrappedBuffer(framedQuery(7)));
    channel.runPendingTasks();

    assertEquals(7, id(responses(channel).get(0)));
    assertFalse(channel.isOpen());
  }

  @Test
  void drainFinishesTheQueryBeingReadThenCloses() {
    EmbeddedChannel channel = channel();
    byte[] framed = framedQuery(3);
    channel.writeInbound(Unpooled.wrappedBuffer(framed, 0, 5));

    channel.pipeline().fireUserEventTriggered(TcpDrainRequest.INSTANCE);
    channel.runPendingTasks();
    assertTrue(channel.isOpen(), "still reading the query");

    channel.writeInbound(Unpooled.wrappedBuffer(framed, 5, framed.length - 5));
    channel.runPendingTasks();

    assertEquals(3, id(responses(channel).get(0)));
    assertFalse(channel.isOpen());
  }

  @Test
  void clientShutdownOfItsOutputClosesAfterTheAnswers() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(Unpooled.wrappedBuffer(framedQuery(1)));

    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    channel.runPendingTasks();

    assertEquals(1, responses(channel).size());
    assertFalse(channel.isOpen());
  }

  @Test
  void messageTheAnswererDeclinesGetsNothingAndTheConnectionStays() {
    TcpFrameDecoder decoder = new TcpFrameDecoder();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            decoder, new TcpQueryHandler((query, transport) -> null, ResponseGate.OPEN, decoder));

    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 3, 1, 2, 3}));

    assertNull(channel.readOutbound());
    assertTrue(channel.isOpen());
    channel.finishAndReleaseAll();
  }
}
