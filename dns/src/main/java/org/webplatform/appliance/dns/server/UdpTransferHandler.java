package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Takes the zone transfer queries that may come over UDP (IXFR, RFC 1995 §2) before the {@link
 * UdpQueryHandler} sees them and sends the first message of their answer, the only one UDP
 * carries. Every other datagram passes on unchanged. Shared by all UDP sockets; stateless.
 */
@Sharable
final class UdpTransferHandler extends ChannelInboundHandlerAdapter {
  private final TransferAnswerer transfers;

  UdpTransferHandler(TransferAnswerer transfers) {
    this.transfers = transfers;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    DatagramPacket packet = (DatagramPacket) msg;
    ByteBuf query = packet.content();
    ResponseStream stream;
    try {
      stream =
          transfers.answer(
              query.nioBuffer(query.readerIndex(), query.readableBytes()),
              packet.sender(),
              Transport.UDP);
    } catch (RuntimeException e) {
      packet.release();
      throw e; // the query handler's exceptionCaught logs it; the socket stays open
    }
    if (stream == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      byte[] response = stream.next();
      if (response != null) {
        ByteBuf out = ctx.alloc().ioBuffer(response.length).writeBytes(response);
        ctx.writeAndFlush(new DatagramPacket(out, packet.sender()), ctx.voidPromise());
      }
    } finally {
      stream.close();
      packet.release();
    }
  }
}
