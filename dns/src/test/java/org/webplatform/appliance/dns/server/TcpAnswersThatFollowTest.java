package org.webplatform.appliance.dns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.server.TcpQueryHandlerTest.framedQuery;
import static org.webplatform.appliance.dns.server.TcpQueryHandlerTest.id;
import static org.webplatform.appliance.dns.server.TcpQueryHandlerTest.responses;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.dns.answer.Answer;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Answers that follow later (forwarded queries) on one TCP connection: sent when they complete,
 * out of order if need be (RFC 7766 §7), and a closing connection waits for them.
 */
class TcpAnswersThatFollowTest {
  private final EchoAnswerer echo = new EchoAnswerer();

  /** Echoes at once, except queries with an odd ID: their echo follows when the test says. */
  private final Map<Integer, CompletableFuture<byte[]>> following = new ConcurrentHashMap<>();

  private final QueryAnswerer answerer =
      new QueryAnswerer() {
        @Override
        public byte[] answer(ByteBuffer query, Transport transport) {
          return echo.answer(query, transport);
        }

        @Override
        public Answer answer(ByteBuffer query, Transport transport, InetSocketAddress client) {
          byte[] response = echo.answer(query, transport);
          if (id(response) % 2 == 0) {
            return Answer.now(response);
          }
          CompletableFuture<byte[]> later = new CompletableFuture<>();
          following.put(id(response), later);
          return Answer.later(later.thenApply(ignored -> response));
        }
      };

  private EmbeddedChannel channel() {
    TcpFrameDecoder decoder = new TcpFrameDecoder();
    return new EmbeddedChannel(decoder, new TcpQueryHandler(answerer, ResponseGate.OPEN, decoder));
  }

  private void complete(EmbeddedChannel channel, int id) {
    following.get(id).complete(new byte[0]);
    channel.runPendingTasks();
  }

  @Test
  void answerThatFollowsIsSentWhenItCompletesAfterLaterAnswers() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(Unpooled.wrappedBuffer(framedQuery(1)));
    channel.writeInbound(Unpooled.wrappedBuffer(framedQuery(2)));

    List<byte[]> first = responses(channel);
    complete(channel, 1);
    List<byte[]> second = responses(channel);

    assertEquals(List.of(2), first.stream().map(TcpQueryHandlerTest::id).toList());
    assertEquals(List.of(1), second.stream().map(TcpQueryHandlerTest::id).toList());
    channel.finishAndReleaseAll();
  }

  @Test
  void clientShutdownClosesOnlyOnceTheFollowingAnswerIsSent() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(Unpooled.wrappedBuffer(framedQuery(3)));

    channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    channel.runPendingTasks();
    assertTrue(channel.isOpen(), "an answer is still following");

    complete(channel, 3);

    assertEquals(3, id(responses(channel).get(0)));
    assertFalse(channel.isOpen());
  }

  @Test
  void drainWaitsForTheFollowingAnswerToo() {
    EmbeddedChannel channel = channel();
    channel.freezeTime();
    channel.writeInbound(Unpooled.wrappedBuffer(framedQuery(5)));

    channel.pipeline().fireUserEventTriggered(TcpDrainRequest.INSTANCE);
    channel.advanceTimeBy(TcpQueryHandler.DRAIN_READ_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    channel.runPendingTasks();
    assertTrue(channel.isOpen(), "an answer is still following");

    complete(channel, 5);
    assertEquals(1, responses(channel).size());
    assertFalse(channel.isOpen());
  }

  @Test
  void readingPausesWhileTooManyAnswersFollow() {
    EmbeddedChannel channel = channel();
    for (int i = 0; i < TcpQueryHandler.MAX_FOLLOWING; i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(framedQuery(2 * i + 1)));
    }
    assertFalse(channel.config().isAutoRead());

    complete(channel, 1);

    assertTrue(channel.config().isAutoRead());
    assertEquals(1, responses(channel).size());
    channel.finishAndReleaseAll();
  }
}
