package org.webplatform.appliance.dns.forward;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * Reads the response to one {@link UpstreamQuery} from a TCP connection of its own, after a frame
 * decoder has removed the two-octet length (RFC 1035 §4.2.2). The connection carries only this
 * query, so a first message that is not its response fails the exchange, as does a connection
 * closed before it.
 */
final class TcpExchange extends SimpleChannelInboundHandler<ByteBuf> {
  private final UpstreamQuery query;
  private final CompletableFuture<Message> result;

  TcpExchange(UpstreamQuery query, CompletableFuture<Message> result) {
    this.query = query;
    this.result = result;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    Message response = query.match(frame);
    if (response != null) {
      result.complete(response);
    } else {
      result.completeExceptionally(new IOException("TCP response does not match " + query));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    result.completeExceptionally(new IOException("TCP connection closed before the response"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    result.completeExceptionally(cause);
  }
}
