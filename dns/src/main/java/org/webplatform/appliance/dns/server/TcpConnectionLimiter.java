package org.webplatform.appliance.dns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most {@code max} open TCP connections over all listeners and keeps the set of open
 * ones, so that stop can drain them. A connection beyond the cap is closed before it reads
 * anything; its client falls back to another server or retries (RFC 7766 §6.2.2 leaves the policy
 * to the server). Shared by every connection; thread-safe.
 */
@Sharable
final class TcpConnectionLimiter extends ChannelInboundHandlerAdapter {
  private final int max;
  private final TcpConnectionObserver observer;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

  TcpConnectionLimiter(int max, TcpConnectionObserver observer) {
    this.max = max;
    this.observer = observer;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      observer.refused();
      ctx.close();
      return;
    }
    connections.add(ctx.channel());
    observer.accepted();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (connections.remove(ctx.channel())) {
      open.decrementAndGet();
    }
    ctx.fireChannelInactive();
  }

  int openConnections() {
    return open.get();
  }

  /** The connections open now. */
  List<Channel> connections() {
    return List.copyOf(connections);
  }
}
