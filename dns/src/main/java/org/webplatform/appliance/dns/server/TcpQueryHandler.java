package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.answer.Answer;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Answers the DNS messages of one TCP connection, each framed with its two-octet length (RFC 1035
 * §4.2.2). Several queries may arrive back to back (pipelining, RFC 7766 §6.2.1.1); each is
 * answered when read, on this connection's I/O thread, so answers leave in query order, except
 * answers that follow later (forwarded queries): they are sent when they complete, after answers
 * to later queries perhaps, which RFC 7766 §7 allows (clients match by ID).
 *
 * <p>Closes the connection when it has been idle (an {@link IdleStateEvent}, RFC 7766 §6.2.3), when
 * the client shuts down its side after its last query (answers are sent first), and when the server
 * drains on stop ({@link TcpDrainRequest}: a query being read is still read and answered). Once
 * closing, no further query is read, and the connection closes when the last answer still
 * following has been sent. Reading pauses while the socket cannot take more output, or while
 * {@value #MAX_FOLLOWING} answers are still following, so a client that pipelines without reading
 * cannot make us buffer without bound.
 *
 * <p>All state is touched on the connection's event loop only.
 */
final class TcpQueryHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);

  /** Answers still following, at most, before reading pauses. */
  static final int MAX_FOLLOWING = 64;

  /** How long a draining connection with no query half-read still reads before it closes. */
  static final Duration DRAIN_READ_GRACE = Duration.ofMillis(200);

  private final QueryAnswerer answerer;
  private final ResponseGate gate;
  private final TcpFrameDecoder decoder;
  private boolean draining;
  private boolean closing;
  private int following;

  TcpQueryHandler(QueryAnswerer answerer, ResponseGate gate, TcpFrameDecoder decoder) {
    this.answerer = answerer;
    this.gate = gate;
    this.decoder = decoder;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf query = (ByteBuf) msg;
    try {
      if (closing) {
        return;
      }
      Answer answer =
          answerer.answer(
              query.nioBuffer(query.readerIndex(), query.readableBytes()),
              Transport.TCP,
              peer(ctx));
      if (answer.now() != null) {
        write(ctx, answer.now());
      } else if (answer.later() != null) {
        following++;
        answer.later().thenAccept(later -> onLoop(ctx, () -> answerFollowed(ctx, later)));
      }
    } finally {
      query.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    updateAutoRead(ctx);
    if (draining && !decoder.holdsPartialMessage()) {
      closeAfterPendingAnswers(ctx);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateAutoRead(ctx);
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent || event == ChannelInputShutdownEvent.INSTANCE) {
      closeAfterPendingAnswers(ctx);
    } else if (event == TcpDrainRequest.INSTANCE) {
      draining = true;
      if (!decoder.holdsPartialMessage()) {
        // A query the client sent just before the drain may still be on its way through the
        // kernel: closing with it unread would reset the connection (RST) instead of answering
        // it. Read for a moment; a query that arrives is answered and channelReadComplete closes.
        ctx.executor()
            .schedule(
                () -> {
                  if (!decoder.holdsPartialMessage()) {
                    closeAfterPendingAnswers(ctx);
                  }
                },
                DRAIN_READ_GRACE.toMillis(),
                TimeUnit.MILLISECONDS);
      }
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset by the client or a failed write ends this connection only; not worth more than
    // debug, a busy server sees these all the time.
    log.debug(
        "tcp connection failed peer={} error=\"{}\"",
        ctx.channel().remoteAddress(),
        cause.toString());
    ctx.close();
  }

  /** The client's address; null only on channels without one (embedded test channels). */
  private static InetSocketAddress peer(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address : null;
  }

  /** Counts the response (the gate never limits TCP) and writes it framed, without a flush. */
  private void write(ChannelHandlerContext ctx, byte[] answer) {
    byte[] response = gate.pass(answer, peer(ctx), Transport.TCP);
    if (response == null) {
      return;
    }
    if (response.length > TcpFrameDecoder.MAX_MESSAGE) {
      // Cannot be framed; the answerer caps TCP answers at 65535, so this is a bug.
      throw new IllegalStateException("response of " + response.length + " octets");
    }
    ByteBuf out = ctx.alloc().ioBuffer(2 + response.length);
    out.writeShort(response.length).writeBytes(response);
    ctx.write(out, ctx.voidPromise());
  }

  /** An answer that followed: sent at once; the last one closes a closing connection. */
  private void answerFollowed(ChannelHandlerContext ctx, byte[] response) {
    following--;
    if (response != null && ctx.channel().isActive()) {
      write(ctx, response);
      ctx.flush();
    }
    if (closing && following == 0) {
      closeAfterWrites(ctx);
    } else {
      updateAutoRead(ctx);
    }
  }

  private void updateAutoRead(ChannelHandlerContext ctx) {
    ctx.channel()
        .config()
        .setAutoRead(ctx.channel().isWritable() && following < MAX_FOLLOWING);
  }

  /**
   * Stops reading queries and closes once every answer has been sent, those still following
   * included.
   */
  private void closeAfterPendingAnswers(ChannelHandlerContext ctx) {
    if (closing) {
      return;
    }
    closing = true;
    if (following == 0) {
      closeAfterWrites(ctx);
    }
  }

  /**
   * Closes once every answer written so far has reached the socket: an empty write completes only
   * after the writes before it (closing at once would discard them).
   */
  private static void closeAfterWrites(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /** Runs {@code task} on the connection's event loop; dropped when the loop has shut down. */
  private static void onLoop(ChannelHandlerContext ctx, Runnable task) {
    EventExecutor loop = ctx.executor();
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // The server has stopped and this connection is gone; nobody is waiting for the answer.
    }
  }
}
