package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.answer.Answer;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Answers each query datagram with one response datagram to its sender (RFC 1035 §4.2.1). An
 * answer that follows later (a forwarded query) is sent, and flushed, when it completes.
 *
 * <p>Zone transfer queries that may come over UDP (IXFR, RFC 1995 §2) go to the {@link
 * TransferAnswerer} first; of their answer only the first message is sent, the only one UDP
 * carries. It is asked here rather than by a handler of its own in front of this one: one copy of
 * the query and one pipeline step per datagram fewer. Every response passes the same {@link
 * ResponseGate} (counting, and rate limiting: a forged IXFR is a reflection attempt like any
 * query).
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
  private final TransferAnswerer transfers;
  private final ResponseGate gate;
  private final QueryScratch scratch = new QueryScratch();

  /** @param transfers asked first for every query; {@link TransferAnswerer#NONE} for none */
  UdpQueryHandler(QueryAnswerer answerer, TransferAnswerer transfers, ResponseGate gate) {
    this.answerer = answerer;
    this.transfers = transfers;
    this.gate = gate;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    DatagramPacket packet = (DatagramPacket) msg;
    try {
      ByteBuffer query = scratch.of(packet.content());
      InetSocketAddress sender = packet.sender();
      if (transfers == TransferAnswerer.NONE || !answeredAsTransfer(ctx, query, sender)) {
        answer(ctx, query, sender);
      }
    } finally {
      packet.release();
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

  /** Sends the first message of a transfer answer; false when the query is not a transfer. */
  private boolean answeredAsTransfer(
      ChannelHandlerContext ctx, ByteBuffer query, InetSocketAddress sender) {
    ResponseStream stream = transfers.answer(query, sender, Transport.UDP);
    if (stream == null) {
      return false;
    }
    try {
      byte[] first = stream.next();
      if (first != null) {
        send(ctx, first, sender);
      }
    } finally {
      stream.close();
    }
    return true;
  }

  private void answer(ChannelHandlerContext ctx, ByteBuffer query, InetSocketAddress sender) {
    Answer answer = answerer.answer(query, Transport.UDP, sender);
    byte[] response = answer.now();
    if (response != null) {
      send(ctx, response, sender);
    } else if (answer.later() != null) {
      // Completes on another thread; Netty runs the write on this socket's event loop. After a
      // stop the write fails quietly: the client retries elsewhere.
      answer
          .later()
          .thenAccept(
              later -> {
                if (later != null) {
                  send(ctx, later, sender);
                  ctx.flush();
                }
              });
    }
  }

  /**
   * Passes {@code response} through the gate and writes what it lets through, unflushed. Netty
   * runs a write from another thread on the socket's event loop.
   */
  private void send(ChannelHandlerContext ctx, byte[] response, InetSocketAddress sender) {
    byte[] passed = gate.pass(response, sender, Transport.UDP);
    if (passed != null) {
      ByteBuf out = ctx.alloc().ioBuffer(passed.length).writeBytes(passed);
      ctx.write(new DatagramPacket(out, sender), ctx.voidPromise());
    }
  }
}
