package org.webplatform.appliance.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real listeners on several loopback addresses sharing one port, as the members of a DNS pool
 * share their monitor's port. The port is ephemeral: the first address binds port 0, the others bind
 * the same number, and the whole set retries on a clash with another test. A listener can be
 * closed and opened again on its port to make its member fail and recover.
 */
public final class SamePortListeners implements AutoCloseable {
  /** Opens one listener; what a monitor will talk to. */
  public interface Binder {
    Closeable bind(InetSocketAddress at) throws IOException;
  }

  private static final int ATTEMPTS = 50;

  private final Binder binder;
  private final int port;
  private final Map<String, Closeable> open = new LinkedHashMap<>();

  private SamePortListeners(Binder binder, int port) {
    this.binder = binder;
    this.port = port;
  }

  public static SamePortListeners open(Binder binder, String... addresses) throws IOException {
    for (int attempt = 0; ; attempt++) {
      SamePortListeners set = null;
      try {
        Closeable first = binder.bind(at(addresses[0], 0));
        int port = boundPort(first);
        set = new SamePortListeners(binder, port);
        set.open.put(addresses[0], first);
        for (int i = 1; i < addresses.length; i++) {
          set.reopen(addresses[i]);
        }
        return set;
      } catch (BindException e) {
        if (set != null) {
          set.close();
        }
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Plain TCP listeners that accept and close every connection (a backlog never fills up). */
  public static Binder tcp() {
    return at -> {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(at, 50);
      Thread accept =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket ignored = server.accept()) {
                    // A TCP connect is all the monitor wants.
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "test-listener-" + at);
      accept.setDaemon(true);
      accept.start();
      return server;
    };
  }

  /**
   * HTTP servers answering every request with the status {@code status} gives their address
   * (200 when absent); each records the path and Host header it was sent in {@code seen}.
   */
  public static Binder http(Map<String, Integer> status, Map<String, String> seen) {
    return at -> {
      HttpServer server = HttpServer.create(at, 50);
      String address = at.getAddress().getHostAddress();
      server.createContext(
          "/",
          exchange -> {
            seen.put(
                address,
                exchange.getRequestURI().getPath() + " Host: "
                    + exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(status.getOrDefault(address, 200), -1);
            exchange.close();
          });
      server.start();
      return new HttpListener(server);
    };
  }

  public int port() {
    return port;
  }

  /** Closes the listener of {@code address}: its member's checks now fail. */
  public void close(String address) throws IOException {
    Closeable listener = open.remove(address);
    if (listener != null) {
      listener.close();
    }
  }

  /** Opens the listener of {@code address} again on the shared port. */
  public void reopen(String address) throws IOException {
    open.put(address, binder.bind(at(address, port)));
  }

  @Override
  public void close() throws IOException {
    for (String address : Map.copyOf(open).keySet()) {
      close(address);
    }
  }

  private static InetSocketAddress at(String address, int port) throws IOException {
    return new InetSocketAddress(InetAddress.getByName(address), port);
  }

  private static int boundPort(Closeable listener) {
    if (listener instanceof ServerSocket server) {
      return server.getLocalPort();
    }
    return ((HttpListener) listener).server.getAddress().getPort();
  }

  private record HttpListener(HttpServer server) implements Closeable {
    @Override
    public void close() {
      server.stop(0);
    }
  }
}
