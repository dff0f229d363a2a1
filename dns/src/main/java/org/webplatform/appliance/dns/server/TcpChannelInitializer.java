package org.webplatform.appliance.dns.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of one TCP connection: admission, framing, first-query deadline, idle timeout, zone
 * transfers, answers.
 * The idle handler sits after the frame decoder, so only complete queries count as activity.
 */
final class TcpChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final TcpConnectionLimiter limiter;
  private final QueryAnswerer answerer;
  private final ResponseGate gate;
  private final TransferAnswerer transfers;
  private final Duration idleTimeout;
  private final Duration firstQueryTimeout;

  TcpChannelInitializer(
      TcpConnectionLimiter limiter,
      QueryAnswerer answerer,
      ResponseGate gate,
      TransferAnswerer transfers,
      Duration idleTimeout,
      Duration firstQueryTimeout) {
    this.limiter = limiter;
    this.answerer = answerer;
    this.gate = gate;
    this.transfers = transfers;
    this.idleTimeout = idleTimeout;
    this.firstQueryTimeout = firstQueryTimeout;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    TcpFrameDecoder decoder = new TcpFrameDecoder();
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("limit", limiter);
    pipeline.addLast("frame", decoder);
    pipeline.addLast("first-query", new FirstQueryDeadlineHandler(firstQueryTimeout));
    pipeline.addLast(
        "idle", new IdleStateHandler(idleTimeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS));
    if (transfers != TransferAnswerer.NONE) {
      pipeline.addLast("xfr-tcp", new TcpTransferHandler(transfers, gate));
    }
    pipeline.addLast("dns-tcp", new TcpQueryHandler(answerer, gate, decoder));
  }
}
