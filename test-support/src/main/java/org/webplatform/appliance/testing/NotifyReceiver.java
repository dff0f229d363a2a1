package org.webplatform.appliance.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for systemd's notification socket: a unix datagram socket a test binds and hands to
 * the daemon as {@code NOTIFY_SOCKET}, collecting every sd_notify(3) message in arrival order.
 */
public final class NotifyReceiver implements AutoCloseable {
  /** One datagram: newline-separated {@code KEY=VALUE} assignments, and when it arrived. */
  public record Message(String text, Map<String, String> fields, long receivedNanos) {
    /** The value of {@code key}, or null. */
    public String get(String key) {
      return fields.get(key);
    }

    static Message parse(String text) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return new Message(text, Map.copyOf(fields), System.nanoTime());
    }
  }

  private final String address;
  private final EventLoopGroup group;
  private final Channel channel;
  private final LinkedBlockingQueue<Message> pending = new LinkedBlockingQueue<>();
  private final List<Message> taken = new ArrayList<>();

  private NotifyReceiver(String address, String socketPath) throws InterruptedException {
    this.address = address;
    this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    this.channel =
        new Bootstrap()
            .group(group)
            .channel(EpollDomainDatagramChannel.class)
            .handler(
                new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                    pending.add(Message.parse(p.content().toString(StandardCharsets.UTF_8)));
                  }
                })
            .bind(new DomainSocketAddress(socketPath))
            .sync()
            .channel();
  }

  /** Binds a socket file at {@code path} (the form systemd uses: /run/systemd/notify). */
  public static NotifyReceiver bind(Path path) throws InterruptedException {
    return new NotifyReceiver(path.toString(), path.toString());
  }

  /**
   * Binds a socket in the Linux abstract namespace under a random name: no file, and so no file
   * permissions in the way of a daemon running as another user.
   */
  public static NotifyReceiver bindAbstract() throws InterruptedException {
    String name =
        "appliance-test-notify-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    return new NotifyReceiver("@" + name, "\0" + name);
  }

  /** The value to put in the daemon's {@code NOTIFY_SOCKET}. */
  public String address() {
    return address;
  }

  /** The next message in arrival order; fails the test when none comes within {@code timeout}. */
  public Message next(Duration timeout) throws InterruptedException {
    Message message = pending.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError(
          "no sd_notify message within " + timeout + "; received before: " + taken);
    }
    taken.add(message);
    return message;
  }

  /** True when a message arrived that no {@link #next} call has taken yet. */
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2_000);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
