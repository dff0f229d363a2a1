package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Takes the zone transfer queries that may come over UDP (IXFR, RFC 1995 §2) before the {@link
 * UdpQueryHandler} sees them and sends the first message of their answer, the only one UDP
 * carries, through the same {@link ResponseGate} as every UDP answer (counting, and rate limiting:
 * a forged IXFR is a reflection attempt like any query). Every other datagram passes on unchanged.
 * One per socket (it owns a {@link QueryScratch}); only the socket's event loop calls it.
 */
final class UdpTransferHandler extends ChannelInboundHandlerAdapter {
  private final TransferAnswerer transfers;
  private final ResponseGate gate;
  private final QueryScratch scratch = new QueryScratch();

  UdpTransferHandler(TransferAnswerer transfers, ResponseGate gate) {
    this.transfers = transfers;
    this.gate = gate;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    DatagramPacket packet = (DatagramPacket) msg;
    ByteBuf query = packet.content();
    ResponseStream stream;
    try {
      stream =
          transfers.answer(scratch.of(query), packet.sender(), Transport.UDP);
    } catch (RuntimeException e) {
      packet.release();
      throw e; // the query handler's exceptionCaught logs it; the socket stays open
    }
    if (stream == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      byte[] first = stream.next();
      byte[] response = first == null ? null : gate.pass(first, packet.sender(), Transport.UDP);
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
