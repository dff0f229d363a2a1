package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Answers each query datagram with one response datagram to its sender (RFC 1035 §4.2.1).
 *
 * <p>Responses are written without a flush and flushed once per read batch in {@link
 * #channelReadComplete}, so epoll can send a batch with sendmmsg(2). Nothing is logged or allocated
 * per packet besides the response buffer (pooled, direct). Errors never close the socket: one bad
 * packet or one unreachable client must not stop the listener.
 */
@Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);

  private final QueryAnswerer answerer;
  private final ResponseGate gate;

  UdpQueryHandler(QueryAnswerer answerer, ResponseGate gate) {
    this.answerer = answerer;
    this.gate = gate;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf query = packet.content();
    byte[] response =
        answerer.answer(query.nioBuffer(query.readerIndex(), query.readableBytes()), Transport.UDP);
    response = gate.pass(response, packet.sender(), Transport.UDP);
    if (response == null) {
      return;
    }
    ByteBuf out = ctx.alloc().ioBuffer(response.length).writeBytes(response);
    ctx.write(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
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
