package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Takes the zone transfer queries of one TCP connection ({@link TransferAnswerer}) before the
 * {@link TcpQueryHandler} sees them, and writes their answers, a stream of messages each.
 *
 * <p>On the first stream a {@link ChunkedWriteHandler} is put in front of this handler, so the
 * messages are made one at a time while the socket takes them, and the answers the query handler
 * writes meanwhile (pipelined queries) queue behind the stream in order. Every other query and
 * event passes on unchanged: the query handler keeps framing, idle, drain and close rules, and
 * closes after the stream's last message.
 *
 * <p>One rule is added: when a whole idle period passes while a stream is unfinished and not one
 * of its messages went out, the client has stopped reading and the connection is closed at once
 * (closing after the pending answers would wait forever). Once the connection is closing (idle,
 * client shutdown, server drain) no new transfer starts. All state is touched on the connection's
 * event loop only.
 */
final class TcpTransferHandler extends ChannelInboundHandlerAdapter {
  private final TransferAnswerer transfers;
  private boolean closing;
  private int unfinished;
  private boolean progressSinceIdle;

  TcpTransferHandler(TransferAnswerer transfers) {
    this.transfers = transfers;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf query = (ByteBuf) msg;
    ResponseStream stream = null;
    if (!closing) {
      InetSocketAddress client =
          ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address : null;
      try {
        stream =
            transfers.answer(
                query.nioBuffer(query.readerIndex(), query.readableBytes()), client, Transport.TCP);
      } catch (RuntimeException e) {
        query.release();
        throw e; // exceptionCaught ends this connection only
      }
    }
    if (stream == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    query.release();
    if (ctx.pipeline().get(ChunkedWriteHandler.class) == null) {
      ctx.pipeline().addBefore(ctx.name(), "chunked", new ChunkedWriteHandler());
    }
    unfinished++;
    progressSinceIdle = true;
    StreamChunks chunks =
        new StreamChunks(stream, () -> progressSinceIdle = true, () -> unfinished--);
    ctx.writeAndFlush(chunks, ctx.voidPromise());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      if (unfinished > 0 && !progressSinceIdle) {
        ctx.close();
        return;
      }
      progressSinceIdle = false;
      closing = true;
    } else if (event == ChannelInputShutdownEvent.INSTANCE || event == TcpDrainRequest.INSTANCE) {
      closing = true;
    }
    ctx.fireUserEventTriggered(event);
  }
}
