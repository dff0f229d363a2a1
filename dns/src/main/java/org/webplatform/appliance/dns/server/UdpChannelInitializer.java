package org.webplatform.appliance.dns.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;

/** Pipeline of a UDP listener socket: its own {@link UdpQueryHandler}, nothing else. */
final class UdpChannelInitializer extends ChannelInitializer<DatagramChannel> {
  private final UdpQueryHandler handler;

  UdpChannelInitializer(UdpQueryHandler handler) {
    this.handler = handler;
  }

  @Override
  protected void initChannel(DatagramChannel channel) {
    channel.pipeline().addLast("dns-udp", handler);
  }
}
