package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Answers the DNS messages of one TCP connection, each framed with its two-octet length (RFC 1035
 * §4.2.2). Several queries may arrive back to back (pipelining, RFC 7766 §6.2.1.1); each is
 * answered when read, on this connection's I/O thread, so answers leave in query order.
 *
 * <p>Closes the connection when it has been idle (an {@link IdleStateEvent}, RFC 7766 §6.2.3), when
 * the client shuts down its side after its last query (answers are sent first), and when the server
 * drains on stop ({@link TcpDrainRequest}: a query being read is still read and answered). Reading
 * pauses while the socket cannot take more output, so a client that pipelines without reading
 * cannot make us buffer without bound.
 */
final class TcpQueryHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);

  private final QueryAnswerer answerer;
  private final ResponseGate gate;
  private final TcpFrameDecoder decoder;
  private boolean draining;
  private boolean closing;

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
      byte[] response =
          answerer.answer(
              query.nioBuffer(query.readerIndex(), query.readableBytes()), Transport.TCP);
      response = gate.pass(response, peer(ctx), Transport.TCP);
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
    } finally {
      query.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    if (!ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
    if (draining && !decoder.holdsPartialMessage()) {
      closeAfterPendingAnswers(ctx);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent || event == ChannelInputShutdownEvent.INSTANCE) {
      closeAfterPendingAnswers(ctx);
    } else if (event == TcpDrainRequest.INSTANCE) {
      draining = true;
      if (!decoder.holdsPartialMessage()) {
        closeAfterPendingAnswers(ctx);
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

  /**
   * Closes once every answer written so far has reached the socket: an empty write completes only
   * after the writes before it (closing at once would discard them).
   */
  private void closeAfterPendingAnswers(ChannelHandlerContext ctx) {
    if (closing) {
      return;
    }
    closing = true;
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }
}
