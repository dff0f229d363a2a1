package org.webplatform.appliance.daemon.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The service manager's notification socket, {@code $NOTIFY_SOCKET} (sd_notify(3)): an
 * {@code AF_UNIX} datagram socket at a file path, or in the Linux abstract namespace when the
 * variable starts with {@code @}.
 *
 * <p>The JDK cannot send to a unix datagram socket (JEP 380 covers stream sockets only), so this
 * uses Netty's epoll domain datagram channel, already on the classpath for DNS. One unbound
 * channel on one daemon thread serves the process's life; a send waits until the datagram is
 * written, so messages sent one after another arrive in that order.
 */
public final class NotifySocket implements AutoCloseable {
  /** The environment variable systemd sets for {@code Type=notify} services. */
  public static final String ENVIRONMENT = "NOTIFY_SOCKET";

  /** sizeof(sockaddr_un.sun_path) on Linux, unix(7). */
  private static final int MAX_PATH_BYTES = 108;

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

  private final String description;
  private final DomainSocketAddress target;
  private final EventLoopGroup group;
  private final Channel channel;

  // DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION is deprecated (for Netty 5) without a replacement;
  // it is what lets an unbound, unconnected datagram channel send.
  @SuppressWarnings("deprecation")
  private NotifySocket(String description, DomainSocketAddress target) throws IOException {
    this.description = description;
    this.target = target;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("systemd-notify", true), EpollIoHandler.newFactory());
    ChannelFuture registered =
        new Bootstrap()
            .group(group)
            .channel(EpollDomainDatagramChannel.class)
            // Neither bound nor connected: each datagram names its target (sendto), as
            // sd_notify(3) does.
            .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
            .handler(new ChannelInboundHandlerAdapter())
            .register();
    if (!registered.awaitUninterruptibly(SEND_TIMEOUT.toMillis()) || !registered.isSuccess()) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IOException("cannot open a unix datagram socket", registered.cause());
    }
    this.channel = registered.channel();
  }

  /**
   * The socket named by {@code NOTIFY_SOCKET} in {@code environment}; empty when the variable is
   * unset or empty (not started by systemd, or not {@code Type=notify}).
   *
   * @throws IllegalArgumentException when the variable names no unix socket this can reach
   * @throws IOException when no socket can be opened
   */
  public static Optional<NotifySocket> fromEnvironment(Map<String, String> environment)
      throws IOException {
    String value = environment.get(ENVIRONMENT);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    DomainSocketAddress target = address(value);
    if (!Epoll.isAvailable()) {
      throw new IOException(
          "epoll transport unavailable, cannot reach " + ENVIRONMENT + "=" + value,
          Epoll.unavailabilityCause());
    }
    return Optional.of(new NotifySocket(value, target));
  }

  /**
   * The socket address a {@code NOTIFY_SOCKET} value names: an absolute path, or {@code @name}
   * for the abstract namespace, where the address is a NUL byte followed by the name.
   */
  static DomainSocketAddress address(String value) {
    String path;
    if (value.startsWith("@")) {
      // Netty passes the bytes and their exact length to sendto(2), so a leading NUL (and no
      // trailing one) is what the kernel needs for an abstract address, unix(7).
      path = "\0" + value.substring(1);
    } else if (value.startsWith("/")) {
      path = value;
    } else {
      // systemd 254+ also hands out vsock:... addresses (for VMs); not for a service on the host.
      throw new IllegalArgumentException(
          ENVIRONMENT + "=" + value + " is neither an absolute path nor an @abstract name");
    }
    if (path.length() < 2 || path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new IllegalArgumentException(
          ENVIRONMENT + "=" + value + " is not a valid unix socket address (1-107 bytes)");
    }
    return new DomainSocketAddress(path);
  }

  /**
   * Sends one datagram and waits until it is written; an sd_notify message is one datagram. The
   * message is one contiguous buffer: Netty sends it with sendto(2) and the address's exact
   * length, which an abstract address needs (its scatter/gather path pads the address).
   */
  public void send(String message) throws IOException {
    ChannelFuture written =
        channel.writeAndFlush(
            new DomainDatagramPacket(
                Unpooled.copiedBuffer(message, StandardCharsets.UTF_8), target));
    if (!written.awaitUninterruptibly(SEND_TIMEOUT.toMillis())) {
      throw new IOException("sending to " + ENVIRONMENT + "=" + description + " timed out");
    }
    if (!written.isSuccess()) {
      throw new IOException(
          "cannot send to " + ENVIRONMENT + "=" + description + ": " + written.cause(),
          written.cause());
    }
  }

  @Override
  public String toString() {
    return description;
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(SEND_TIMEOUT.toMillis());
    group.shutdownGracefully(0, SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
