package org.webplatform.appliance.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardSocketOptions;

/**
 * The Netty I/O implementation: Linux epoll when its native library loads, NIO otherwise. Each
 * socket is created for the address family of the address it binds, so an IPv4 listener is a plain
 * IPv4 socket rather than a dual-stack one bound to {@code ::ffff:127.0.0.1}.
 */
public enum IoTransport {
  EPOLL {
    @Override
    IoHandlerFactory ioHandlerFactory() {
      return EpollIoHandler.newFactory();
    }

    @Override
    DatagramChannel newDatagramChannel(InetAddress address) {
      return new EpollDatagramChannel(family(address));
    }

    @Override
    ServerChannel newServerChannel(InetAddress address) {
      return new EpollServerSocketChannel(family(address));
    }

    @Override
    void configureUdp(Bootstrap bootstrap, boolean reusePort) {
      // A receive buffer of several datagram slots plus MAX_DATAGRAM_PAYLOAD_SIZE makes epoll
      // read with recvmmsg(2): up to UDP_BATCH queries per system call under load.
      bootstrap
          .option(UnixChannelOption.SO_REUSEPORT, reusePort)
          .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY_SIZE)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(MAX_QUERY_SIZE * UDP_BATCH));
    }
  },

  NIO {
    @Override
    IoHandlerFactory ioHandlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    DatagramChannel newDatagramChannel(InetAddress address) {
      return new NioDatagramChannel(family(address));
    }

    @Override
    ServerChannel newServerChannel(InetAddress address) {
      return new NioServerSocketChannel(
          java.nio.channels.spi.SelectorProvider.provider(), family(address));
    }

    @Override
    void configureUdp(Bootstrap bootstrap, boolean reusePort) {
      bootstrap
          .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), reusePort)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_QUERY_SIZE));
    }
  };

  /**
   * Largest query datagram read in full. Queries are a header, one name and perhaps an OPT record
   * (well under 600 octets); anything cut at this size is malformed anyway and gets FORMERR.
   */
  static final int MAX_QUERY_SIZE = 4096;

  /** Datagrams per recvmmsg(2) call with epoll. */
  static final int UDP_BATCH = 16;

  /** Epoll when the native transport is usable on this machine, else NIO. */
  public static IoTransport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  abstract IoHandlerFactory ioHandlerFactory();

  abstract DatagramChannel newDatagramChannel(InetAddress address);

  abstract ServerChannel newServerChannel(InetAddress address);

  /** Sets the UDP socket options of this transport on {@code bootstrap}. */
  abstract void configureUdp(Bootstrap bootstrap, boolean reusePort);

  private static SocketProtocolFamily family(InetAddress address) {
    return address instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
  }
}
