package org.webplatform.appliance.dns.forward;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * Asks one upstream server one question: over UDP, and again over TCP when the UDP response is
 * truncated (RFC 1035 §4.2.1, RFC 7766 §5). Each attempt gets its own socket, connected to the
 * upstream, and its own timeout.
 *
 * <p>Spoofing hygiene (RFC 5452): a fresh random query ID per attempt from {@link SecureRandom};
 * the source port is the kernel's pick for an unbound socket, which Linux randomises over the
 * ephemeral range; only a response matching ID and question is accepted ({@link UpstreamQuery}).
 * The source address is the kernel's route choice, so a loopback upstream is asked from loopback.
 *
 * <p>Why not dnsjava's {@code SimpleResolver}: in 3.6.4 its NIO client checks timeouts only when
 * its selector has been idle for a whole select period (up to a second), so under steady traffic a
 * dead upstream's queries never time out and their sockets pile up; it also runs one JVM-wide
 * selector thread with a shutdown hook, shared with the mail module. A small Netty client on our
 * own loop has exact timeouts and stops with the role.
 *
 * <p>Threads: one {@code dns-forward} event loop (NIO: a handful of sockets at a time, epoll
 * would gain nothing). {@link #exchange} must be called on that loop ({@link #loop()}); results
 * complete on it.
 */
final class UpstreamClient implements AutoCloseable {
  /** Larger than the EDNS size we advertise, so a response that ignores it is still read whole. */
  private static final int MAX_UDP_RESPONSE = 4096;

  private static final int MAX_TCP_MESSAGE = 65535;

  private final MultiThreadIoEventLoopGroup group;
  private final EventLoop loop;
  private final Duration timeout;
  private final SecureRandom random = new SecureRandom();

  UpstreamClient(Duration timeout) {
    this.timeout = timeout;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("dns-forward", true), NioIoHandler.newFactory());
    this.loop = group.next();
  }

  /** The event loop every exchange runs on. */
  EventLoop loop() {
    return loop;
  }

  /**
   * The upstream's response to {@code name}/{@code type} (class IN).
   *
   * @param onTcpRetry run when the UDP response was truncated and the question goes over TCP
   * @return completes on the loop with the response, or exceptionally: {@link TimeoutException}
   *     when an attempt took longer than the timeout, another exception when it failed
   */
  CompletableFuture<Message> exchange(
      InetSocketAddress upstream, Name name, int type, Runnable onTcpRetry) {
    return overUdp(upstream, new UpstreamQuery(random.nextInt(0x10000), name, type))
        .thenCompose(
            response -> {
              if (!response.getHeader().getFlag(Flags.TC)) {
                return CompletableFuture.completedFuture(response);
              }
              onTcpRetry.run();
              return overTcp(upstream, new UpstreamQuery(random.nextInt(0x10000), name, type));
            });
  }

  /** Stops the loop; exchanges still running fail. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
  }

  private CompletableFuture<Message> overUdp(InetSocketAddress upstream, UpstreamQuery query) {
    CompletableFuture<Message> result = new CompletableFuture<>();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channelFactory(() -> new NioDatagramChannel(family(upstream)))
            .option(
                ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_RESPONSE))
            .handler(new UdpExchange(query, result));
    send(bootstrap.connect(upstream), Unpooled.wrappedBuffer(query.wire()), result, "udp");
    return result;
  }

  private CompletableFuture<Message> overTcp(InetSocketAddress upstream, UpstreamQuery query) {
    CompletableFuture<Message> result = new CompletableFuture<>();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channelFactory(
                () -> new NioSocketChannel(SelectorProvider.provider(), family(upstream)))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(
                            new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE, 0, 2, 0, 2),
                            new TcpExchange(query, result));
                  }
                });
    byte[] wire = query.wire();
    ByteBuf framed = Unpooled.buffer(2 + wire.length).writeShort(wire.length).writeBytes(wire);
    send(bootstrap.connect(upstream), framed, result, "tcp");
    return result;
  }

  /**
   * Writes {@code message} once connected, fails {@code result} when the attempt times out, and
   * closes the socket whatever ends the attempt.
   */
  private void send(
      ChannelFuture connecting, ByteBuf message, CompletableFuture<Message> result, String proto) {
    Channel channel = connecting.channel();
    ScheduledFuture<?> timer =
        loop.schedule(
            () ->
                result.completeExceptionally(
                    new TimeoutException(
                        proto + " attempt timed out after " + timeout.toMillis() + " ms")),
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    result.whenComplete(
        (response, error) -> {
          timer.cancel(false);
          channel.close();
        });
    connecting.addListener(
        (ChannelFutureListener)
            connected -> {
              if (!connected.isSuccess()) {
                message.release();
                result.completeExceptionally(connected.cause());
                return;
              }
              connected
                  .channel()
                  .writeAndFlush(message)
                  .addListener(
                      (ChannelFutureListener)
                          written -> {
                            if (!written.isSuccess()) {
                              result.completeExceptionally(written.cause());
                            }
                          });
            });
  }

  private static SocketProtocolFamily family(InetSocketAddress address) {
    return address.getAddress() instanceof Inet4Address
        ? SocketProtocolFamily.INET
        : SocketProtocolFamily.INET6;
  }
}
