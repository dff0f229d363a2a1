package org.webplatform.appliance.dns.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a new TCP connection that has not delivered a complete query within the deadline, then
 * removes itself after the first one. Sits after the frame decoder, so a client that trickles a
 * byte at a time (slowloris) is cut off although bytes keep arriving.
 */
final class FirstQueryDeadlineHandler extends ChannelInboundHandlerAdapter {
  private final long deadlineNanos;
  private ScheduledFuture<?> timeout;

  FirstQueryDeadlineHandler(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timeout = ctx.executor().schedule(() -> ctx.close(), deadlineNanos, TimeUnit.NANOSECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    cancel();
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void cancel() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
