package org.webplatform.appliance.dns.transfer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.zone.Zone;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * Sends NOTIFY (RFC 1996) for a zone to every {@code also_notify} secondary over UDP and waits for
 * each to acknowledge, re-sending with exponential backoff: after {@code firstRetry}, then twice
 * that, and so on, {@code maxAttempts} sends in all (default 2 s ×2, 5 sends: given up after 62
 * s). Every send has a new random ID and a fresh TSIG; an answer to any of them counts. A newer
 * notification for the same zone and secondary replaces one still waiting. NOERROR acknowledges;
 * NOTIMP ends the notification too (the secondary will never do NOTIFY, RFC 1996 §4.7, as NSD
 * treats it); other RCODEs are retried like a lost packet, as NSD does. One log line per
 * notification: {@code notify zone=… serial=… target=… status=acked|notimp|timeout}.
 *
 * <p>Threads: one {@code dns-notify} event loop owns every socket and all state; {@link
 * #notify(Zone)} only hands work to it, so it is safe from any thread and never blocks.
 */
public final class NotifySender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotifySender.class);

  static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(2);
  static final int DEFAULT_MAX_ATTEMPTS = 5;

  private final List<NotifyTarget> targets;
  private final Optional<InetAddress> source;
  private final TransferMetrics metrics;
  private final long firstRetryNanos;
  private final int maxAttempts;
  private final SecureRandom random = new SecureRandom();
  private final Map<PendingKey, Pending> pending = new HashMap<>();
  private MultiThreadIoEventLoopGroup group;
  private EventLoop loop;
  private Channel ipv4;
  private Channel ipv6;

  private record PendingKey(Name zone, InetSocketAddress target) {}

  /** One notification waiting for its acknowledgement; touched only on the event loop. */
  private static final class Pending {
    final Zone zone;
    final NotifyTarget target;
    final long started = System.nanoTime();
    final List<Message> sent = new ArrayList<>();
    ScheduledFuture<?> timer;
    int lastRcode = -1;

    Pending(Zone zone, NotifyTarget target) {
      this.zone = zone;
      this.target = target;
    }
  }

  public NotifySender(
      List<NotifyTarget> targets, Optional<InetAddress> source, TransferMetrics metrics) {
    this(targets, source, metrics, DEFAULT_FIRST_RETRY, DEFAULT_MAX_ATTEMPTS);
  }

  NotifySender(
      List<NotifyTarget> targets,
      Optional<InetAddress> source,
      TransferMetrics metrics,
      Duration firstRetry,
      int maxAttempts) {
    this.targets = List.copyOf(targets);
    this.source = source;
    this.metrics = metrics;
    this.firstRetryNanos = firstRetry.toNanos();
    this.maxAttempts = maxAttempts;
  }

  /**
   * Binds one UDP socket per address family the targets need, on {@code notify_source} or the
   * wildcard address, port chosen by the system.
   */
  public synchronized void start() throws IOException, InterruptedException {
    if (group != null) {
      throw new IllegalStateException("NotifySender already started, cannot start it again.");
    }
    group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("dns-notify", true), NioIoHandler.newFactory());
    loop = group.next();
    try {
      for (NotifyTarget target : targets) {
        boolean v4 = target.address().getAddress() instanceof Inet4Address;
        if (v4 && ipv4 == null) {
          ipv4 = bind(SocketProtocolFamily.INET, "0.0.0.0");
        } else if (!v4 && ipv6 == null) {
          ipv6 = bind(SocketProtocolFamily.INET6, "::");
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Tells every target that {@code zone} has its current serial; returns at once. */
  public void notify(Zone zone) {
    EventLoop current;
    synchronized (this) {
      current = loop;
    }
    if (current == null || targets.isEmpty()) {
      return;
    }
    try {
      current.execute(
          () -> {
            for (NotifyTarget target : targets) {
              begin(zone, target);
            }
          });
    } catch (RejectedExecutionException e) {
      log.debug("notify not sent (stopping) zone={}", zone.origin());
    }
  }

  /** Drops waiting notifications and closes the sockets. Idempotent. */
  @Override
  public synchronized void close() {
    if (group == null) {
      return;
    }
    MultiThreadIoEventLoopGroup stopping = group;
    group = null;
    loop = null;
    stopping.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  private Channel bind(SocketProtocolFamily family, String wildcard)
      throws IOException, InterruptedException {
    InetAddress local = source.orElse(InetAddress.getByName(wildcard));
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channelFactory(() -> new NioDatagramChannel(family))
            .handler(new ResponseHandler());
    try {
      return bootstrap.bind(new InetSocketAddress(local, 0)).sync().channel();
    } catch (Exception e) {
      throw new IOException("cannot bind the NOTIFY socket on " + local.getHostAddress() + ": "
          + e.getMessage(), e);
    }
  }

  private void begin(Zone zone, NotifyTarget target) {
    PendingKey key = new PendingKey(zone.origin(), target.address());
    Pending previous = pending.remove(key);
    if (previous != null) {
      previous.timer.cancel(false);
      log.debug(
          "notify superseded zone={} serial={} target={}",
          zone.origin(), previous.zone.serial(), target.label());
    }
    Pending notification = new Pending(zone, target);
    pending.put(key, notification);
    send(key, notification);
  }

  private void send(PendingKey key, Pending notification) {
    int id = random.nextInt(0x10000);
    Message request = NotifyMessages.request(notification.zone, id, notification.target.key());
    notification.sent.add(request);
    byte[] wire = request.toWire();
    Channel channel =
        notification.target.address().getAddress() instanceof Inet4Address ? ipv4 : ipv6;
    metrics.notifySent(notification.zone.origin().toString());
    DatagramPacket packet =
        new DatagramPacket(Unpooled.wrappedBuffer(wire), notification.target.address());
    channel
        .writeAndFlush(packet)
        .addListener(
            future -> {
              if (!future.isSuccess()) {
                // Like a lost datagram: the timer sends again.
                log.debug(
                    "notify send failed target={} error=\"{}\"",
                    notification.target.label(),
                    future.cause().toString());
              }
            });
    long delay = firstRetryNanos << (notification.sent.size() - 1);
    notification.timer =
        channel.eventLoop().schedule(
            () -> timedOut(key, notification), delay, TimeUnit.NANOSECONDS);
  }

  private void timedOut(PendingKey key, Pending notification) {
    if (pending.get(key) != notification) {
      return;
    }
    if (notification.sent.size() < maxAttempts) {
      send(key, notification);
      return;
    }
    pending.remove(key);
    finish(notification, notification.lastRcode >= 0 ? "failed" : "timeout");
  }

  private void received(InetSocketAddress sender, byte[] wire) {
    Message response;
    try {
      response = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return;
    }
    for (Iterator<Map.Entry<PendingKey, Pending>> it = pending.entrySet().iterator();
        it.hasNext(); ) {
      Pending notification = it.next().getValue();
      if (!notification.target.address().equals(sender)) {
        continue;
      }
      for (Message request : notification.sent) {
        if (!NotifyMessages.answers(response, wire, request, notification.target.key())) {
          continue;
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NOTIMP) {
          notification.lastRcode = rcode;
          return; // retried when the timer fires, as NSD does
        }
        it.remove();
        notification.timer.cancel(false);
        finish(notification, rcode == Rcode.NOERROR ? "acked" : "notimp");
        return;
      }
    }
  }

  private void finish(Pending notification, String status) {
    String zone = notification.zone.origin().toString();
    metrics.notifyEnded(zone, status.equals("acked"));
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - notification.started);
    String rcode =
        notification.lastRcode >= 0 ? " last_rcode=" + Rcode.string(notification.lastRcode) : "";
    String line = "notify zone={} serial={} target={} key={} status={} tries={} elapsed_ms={}{}";
    Object[] args = {
      zone,
      notification.zone.serial(),
      notification.target.label(),
      notification.target.keyName(),
      status,
      notification.sent.size(),
      elapsed,
      rcode
    };
    if (status.equals("acked")) {
      log.info(line, args);
    } else {
      log.warn(line, args);
    }
  }

  /** Reads answers from the secondaries; runs on the event loop. */
  private final class ResponseHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      byte[] wire = new byte[content.readableBytes()];
      content.getBytes(content.readerIndex(), wire);
      received(packet.sender(), wire);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // An ICMP error for one secondary must not close the socket the others use.
      log.debug("notify socket error=\"{}\"", cause.toString());
    }
  }
}
