package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.answer.Answer;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Answers each query datagram with one response datagram to its sender (RFC 1035 §4.2.1). An
 * answer that follows later (a forwarded query) is sent, and flushed, when it completes.
 *
 * <p>Responses are written without a flush and flushed once per read batch in {@link
 * #channelReadComplete}, so epoll can send a batch with sendmmsg(2). Nothing is logged per packet;
 * the response's buffer is pooled and direct. Errors never close the socket: one bad
 * packet or one unreachable client must not stop the listener.
 *
 * <p>One per socket (it owns the socket's {@link QueryScratch}); only the socket's event loop
 * calls it. A plain inbound adapter: the socket delivers nothing but datagrams, so the type
 * matcher and auto-release of {@code SimpleChannelInboundHandler} would be per-packet work for
 * nothing.
 */
final class UdpQueryHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);

  private final QueryAnswerer answerer;
  private final ResponseGate gate;
  private final QueryScratch scratch = new QueryScratch();

  UdpQueryHandler(QueryAnswerer answerer, ResponseGate gate) {
    this.answerer = answerer;
    this.gate = gate;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    DatagramPacket packet = (DatagramPacket) msg;
    try {
      answer(ctx, packet.content(), packet.sender());
    } finally {
      packet.release();
    }
  }

  private void answer(ChannelHandlerContext ctx, ByteBuf query, InetSocketAddress sender) {
    Answer answer = answerer.answer(scratch.of(query), Transport.UDP, sender);
    byte[] response = answer.now();
    if (response != null) {
      response = gate.pass(response, sender, Transport.UDP);
      if (response == null) {
        return;
      }
      ByteBuf out = ctx.alloc().ioBuffer(response.length).writeBytes(response);
      ctx.write(new DatagramPacket(out, sender), ctx.voidPromise());
    } else if (answer.later() != null) {
      // Completes on another thread; Netty runs the write on this socket's event loop. After a
      // stop the write fails quietly: the client retries elsewhere.
      answer
          .later()
          .thenAccept(
              later -> {
                byte[] passed = later == null ? null : gate.pass(later, sender, Transport.UDP);
                if (passed != null) {
                  ctx.writeAndFlush(
                      new DatagramPacket(Unpooled.wrappedBuffer(passed), sender),
                      ctx.voidPromise());
                }
              });
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Per-packet trouble (a send to a vanished client, a query the answerer choked on) must
    // neither close the shared socket nor flood the log; debug only.
    log.debug(
        "udp packet failed local={} error=\"{}\"", ctx.channel().localAddress(), cause.toString());
  }
}
