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
 * <p>The first message of a stream passes the {@link ResponseGate}, like every TCP answer (it
 * counts responses; it never limits TCP); the rest of the stream belongs to the same answer.
 *
 * <p>One rule is added: when a whole idle period passes while a stream is unfinished and not one
 * of its messages went out, the client has stopped reading and the connection is closed at once
 * (closing after the pending answers would wait forever). Once the connection is closing (idle,
 * client shutdown, server drain) no new transfer starts. All state is touched on the connection's
 * event loop only.
 */
final class TcpTransferHandler extends ChannelInboundHandlerAdapter {
  private final TransferAnswerer transfers;
  private final ResponseGate gate;
  private boolean closing;
  private int unfinished;
  private boolean progressSinceIdle;

  TcpTransferHandler(TransferAnswerer transfers, ResponseGate gate) {
    this.transfers = transfers;
    this.gate = gate;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf query = (ByteBuf) msg;
    ResponseStream stream = null;
    InetSocketAddress client =
        ctx.channel().remoteAddress() instanceof InetSocketAddress address ? address : null;
    if (!closing) {
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
        new StreamChunks(
            gatedFirst(stream, client), () -> progressSinceIdle = true, () -> unfinished--);
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

  /** {@code stream} with its first message passed through the gate. */
  private ResponseStream gatedFirst(ResponseStream stream, InetSocketAddress client) {
    return new ResponseStream() {
      private boolean first = true;

      @Override
      public byte[] next() {
        byte[] message = stream.next();
        if (first && message != null) {
          first = false;
          return gate.pass(message, client, Transport.TCP);
        }
        return message;
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }
}
