package org.webplatform.appliance.dns.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;

/**
 * Pipeline of a UDP listener socket: the zone transfer handler, if any, then the query handler;
 * one of each per socket.
 */
final class UdpChannelInitializer extends ChannelInitializer<DatagramChannel> {
  private final UdpQueryHandler handler;
  private final UdpTransferHandler transfers;

  /** @param transfers asked first; null for none */
  UdpChannelInitializer(UdpQueryHandler handler, UdpTransferHandler transfers) {
    this.handler = handler;
    this.transfers = transfers;
  }

  @Override
  protected void initChannel(DatagramChannel channel) {
    if (transfers != null) {
      channel.pipeline().addLast("xfr-udp", transfers);
    }
    channel.pipeline().addLast("dns-udp", handler);
  }
}
