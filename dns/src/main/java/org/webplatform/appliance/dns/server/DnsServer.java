package org.webplatform.appliance.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Binds the UDP and TCP listeners of every listen address and stops them gracefully.
 *
 * <p>Per listen address: one UDP socket per UDP event loop, all bound to the same address with
 * SO_REUSEPORT so the kernel spreads queries over the loops, and one TCP listener on the same port.
 * Port 0 picks a free port: the first UDP socket binds port 0 and the others, UDP and TCP, bind the
 * port it got; if TCP cannot have that port, all of them are closed and another port is tried.
 *
 * <p>Threads: {@code dns-udp} loops ({@code udpThreads}), one {@code dns-tcp-accept} loop and one
 * {@code dns-tcp} loop for connections; TCP is the fallback path for truncated answers and rare on
 * an appliance, so one loop serves it.
 *
 * <p>Lifecycle: {@link #start} once; {@link #stop} is idempotent. Not thread-safe between start and
 * stop; both are called by the owning role.
 */
public final class DnsServer {
  private static final int PORT_ATTEMPTS = 20;
  private static final int TCP_WORKER_THREADS = 1;

  private final DnsServerSettings settings;
  private final QueryAnswerer answerer;
  private final ResponseGate gate;
  private final TransferAnswerer transfers;
  private final TcpConnectionLimiter limiter;
  private final List<Channel> udpChannels = new ArrayList<>();
  private final List<Channel> tcpListeners = new ArrayList<>();
  private final List<InetSocketAddress> bound = new ArrayList<>();
  private EventLoopGroup udpGroup;
  private EventLoopGroup acceptGroup;
  private EventLoopGroup tcpGroup;
  private volatile boolean serving;
  private boolean stopped;

  public DnsServer(
      DnsServerSettings settings, QueryAnswerer answerer, TcpConnectionObserver observer) {
    this(settings, answerer, ResponseGate.OPEN, observer);
  }

  /** With a gate every response passes before it is sent (counting, rate limiting). */
  public DnsServer(
      DnsServerSettings settings,
      QueryAnswerer answerer,
      ResponseGate gate,
      TcpConnectionObserver observer) {
    this(settings, answerer, gate, TransferAnswerer.NONE, observer);
  }

  /**
   * With a gate every response passes before it is sent (counting, rate limiting), and {@code
   * transfers} asked before {@code answerer} for every query.
   */
  public DnsServer(
      DnsServerSettings settings,
      QueryAnswerer answerer,
      ResponseGate gate,
      TransferAnswerer transfers,
      TcpConnectionObserver observer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.answerer = Objects.requireNonNull(answerer, "answerer");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.transfers = Objects.requireNonNull(transfers, "transfers");
    this.limiter =
        new TcpConnectionLimiter(
            settings.tcpMaxConnections(), Objects.requireNonNull(observer, "observer"));
  }

  /**
   * Binds every listener; returns once all serve. On failure everything bound so far is closed and
   * the cause thrown (a {@link BindException} names the address).
   */
  public synchronized void start() throws IOException, InterruptedException {
    if (udpGroup != null) {
      throw new IllegalStateException("DnsServer already started, cannot start it again.");
    }
    IoTransport io = settings.ioTransport();
    udpGroup = newGroup(settings.udpThreads(), "dns-udp", io);
    acceptGroup = newGroup(1, "dns-tcp-accept", io);
    tcpGroup = newGroup(TCP_WORKER_THREADS, "dns-tcp", io);
    try {
      for (InetSocketAddress address : settings.listen()) {
        bound.add(bindListener(address));
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop(Duration.ZERO);
      throw e;
    }
    serving = true;
  }

  /** The listen addresses with their real ports, in config order; UDP and TCP share each. */
  public synchronized List<InetSocketAddress> boundAddresses() {
    return List.copyOf(bound);
  }

  /** True between a successful start and stop. */
  public boolean serving() {
    return serving;
  }

  /** The I/O implementation in use. */
  public IoTransport ioTransport() {
    return settings.ioTransport();
  }

  /** UDP sockets per listen address. */
  public int udpSocketsPerAddress() {
    return settings.udpThreads();
  }

  /** TCP connections open now. */
  public int openTcpConnections() {
    return limiter.openConnections();
  }

  /**
   * Stops: closes the listeners (no new queries or connections), lets each open TCP connection
   * finish the query it is reading and send its pending answers, force-closes what is left when
   * {@code grace} runs out, then shuts the event loops down.
   */
  public synchronized void stop(Duration grace) {
    if (stopped) {
      return;
    }
    stopped = true;
    serving = false;
    long deadline = System.nanoTime() + Math.max(0, grace.toNanos());
    List<ChannelFuture> closing = new ArrayList<>();
    for (Channel channel : tcpListeners) {
      closing.add(channel.close());
    }
    for (Channel channel : udpChannels) {
      closing.add(channel.close());
    }
    for (ChannelFuture future : closing) {
      future.awaitUninterruptibly(remainingMillis(deadline) + 100, TimeUnit.MILLISECONDS);
    }
    List<Channel> connections = limiter.connections();
    for (Channel connection : connections) {
      connection.pipeline().fireUserEventTriggered(TcpDrainRequest.INSTANCE);
    }
    for (Channel connection : connections) {
      if (!connection.closeFuture().awaitUninterruptibly(remainingMillis(deadline))) {
        connection.close();
      }
    }
    shutDown(udpGroup, deadline);
    shutDown(acceptGroup, deadline);
    shutDown(tcpGroup, deadline);
  }

  private InetSocketAddress bindListener(InetSocketAddress address)
      throws IOException, InterruptedException {
    int attempts = address.getPort() == 0 ? PORT_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      List<Channel> udp = new ArrayList<>();
      try {
        InetSocketAddress portAddress = address;
        for (EventExecutor loop : udpGroup) {
          Channel channel =
              udpBootstrap(address, (EventLoopGroup) loop).bind(portAddress).sync().channel();
          udp.add(channel);
          portAddress =
              new InetSocketAddress(
                  address.getAddress(), ((InetSocketAddress) channel.localAddress()).getPort());
        }
        Channel tcp = tcpBootstrap(address).bind(portAddress).sync().channel();
        udpChannels.addAll(udp);
        tcpListeners.add(tcp);
        return portAddress;
      } catch (Exception e) {
        for (Channel channel : udp) {
          channel.close().awaitUninterruptibly();
        }
        // Epoll reports "address in use" as a plain IOException (NativeIoException), NIO as a
        // BindException; with port 0 either means "the port we got is taken for TCP": retry.
        if (!(e instanceof IOException io)) {
          throw e;
        }
        if (attempt >= attempts) {
          throw bindFailure(address, io);
        }
      }
    }
  }

  private static BindException bindFailure(InetSocketAddress address, IOException cause) {
    BindException failure = new BindException("cannot bind " + address + ": " + cause.getMessage());
    failure.initCause(cause);
    return failure;
  }

  private Bootstrap udpBootstrap(InetSocketAddress address, EventLoopGroup loop) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channelFactory(() -> settings.ioTransport().newDatagramChannel(address.getAddress()))
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .handler(udpInitializer());
    // SO_REUSEPORT only when several sockets share the port: with one socket, a second daemon
    // binding the same port fails loudly instead of silently taking half the queries.
    settings.ioTransport().configureUdp(bootstrap, settings.udpThreads() > 1);
    return bootstrap;
  }

  private UdpChannelInitializer udpInitializer() {
    return new UdpChannelInitializer(new UdpQueryHandler(answerer, transfers, gate));
  }

  private ServerBootstrap tcpBootstrap(InetSocketAddress address) {
    return new ServerBootstrap()
        .group(acceptGroup, tcpGroup)
        .channelFactory(() -> settings.ioTransport().newServerChannel(address.getAddress()))
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(
            new TcpChannelInitializer(
                limiter,
                answerer,
                gate,
                transfers,
                settings.tcpIdleTimeout(),
                settings.tcpFirstQueryTimeout()));
  }

  private static EventLoopGroup newGroup(int threads, String name, IoTransport io) {
    return new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory(name, true), io.ioHandlerFactory());
  }

  private static void shutDown(EventLoopGroup group, long deadline) {
    if (group == null) {
      return;
    }
    // No quiet period: the channels are closed already, nothing new can arrive.
    group
        .shutdownGracefully(0, Math.max(remainingMillis(deadline), 100), TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(Math.max(remainingMillis(deadline), 1000), TimeUnit.MILLISECONDS);
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }
}
