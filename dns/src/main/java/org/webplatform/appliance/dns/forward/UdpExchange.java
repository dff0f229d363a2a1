package org.webplatform.appliance.dns.forward;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * Waits on a connected UDP socket for the response to one {@link UpstreamQuery}. The socket is
 * connected, so the kernel passes only datagrams from the upstream; one that is still not the
 * response (wrong ID or question) is ignored and the wait goes on (RFC 5452 §9.1). An error on
 * the socket, such as ICMP port unreachable, fails the exchange at once.
 */
final class UdpExchange extends SimpleChannelInboundHandler<DatagramPacket> {
  private final UpstreamQuery query;
  private final CompletableFuture<Message> result;

  UdpExchange(UpstreamQuery query, CompletableFuture<Message> result) {
    this.query = query;
    this.result = result;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    Message response = query.match(packet.content());
    if (response != null) {
      result.complete(response);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    result.completeExceptionally(cause);
  }
}
