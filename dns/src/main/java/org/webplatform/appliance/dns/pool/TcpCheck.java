package org.webplatform.appliance.dns.pool;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** gdnsd's {@code tcp_connect}: healthy when a TCP connection to the port opens within the timeout. */
final class TcpCheck implements HealthCheck {
  private final int port;
  private final Duration timeout;

  TcpCheck(int port, Duration timeout) {
    this.port = port;
    this.timeout = timeout;
  }

  @Override
  public CheckResult check(InetAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      return CheckResult.success("connected");
    } catch (IOException | RuntimeException e) {
      return CheckResult.failure(Failures.describe(e, timeout));
    }
  }
}
