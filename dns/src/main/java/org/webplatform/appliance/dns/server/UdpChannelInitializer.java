package org.webplatform.appliance.dns.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;

/** Pipeline of a UDP listener socket: just the query handler, shared by all sockets. */
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
