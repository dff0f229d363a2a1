package org.webplatform.appliance.dns.server;

/**
 * Told about TCP connections as they are accepted or refused. Called on I/O threads:
 * implementations must be fast, lock-free and must not throw.
 */
public interface TcpConnectionObserver {

  TcpConnectionObserver NONE =
      new TcpConnectionObserver() {
        @Override
        public void accepted() {}

        @Override
        public void refused() {}
      };

  /** A connection was accepted and will be served. */
  void accepted();

  /** A connection was closed at once because {@code tcpMaxConnections} were already open. */
  void refused();
}
