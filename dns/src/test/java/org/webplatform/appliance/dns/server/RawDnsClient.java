package org.webplatform.appliance.dns.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * A DNS client on plain JDK sockets for the tests: exact bytes in, exact bytes out, so framing,
 * truncation and malformed input can be exercised. Every wait is bounded.
 */
public final class RawDnsClient {
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private RawDnsClient() {}

  /**
   * A query for {@code name}/{@code type} with RD clear; with an OPT record of {@code ednsSize}
   * when it is above 0.
   */
  public static byte[] query(String name, int type, int id, int ednsSize) {
    try {
      Message message = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
      message.getHeader().setID(id);
      message.getHeader().unsetFlag(org.xbill.DNS.Flags.RD);
      if (ednsSize > 0) {
        message.addRecord(new OPTRecord(ednsSize, 0, 0), org.xbill.DNS.Section.ADDITIONAL);
      }
      return message.toWire();
    } catch (IOException e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  /** Sends one datagram and returns the response bytes, or null when none came in {@code wait}. */
  public static byte[] udpExchange(InetSocketAddress server, byte[] query, Duration wait)
      throws IOException {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
      socket.setSoTimeout((int) wait.toMillis());
      socket.send(new DatagramPacket(query, query.length, server));
      byte[] buffer = new byte[65535];
      DatagramPacket response = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(response);
      } catch (SocketTimeoutException e) {
        return null;
      }
      return Arrays.copyOf(buffer, response.getLength());
    }
  }

  public static Message udp(InetSocketAddress server, byte[] query) throws IOException {
    byte[] response = udpExchange(server, query, TIMEOUT);
    if (response == null) {
      throw new SocketTimeoutException("no UDP response from " + server + " within " + TIMEOUT);
    }
    return new Message(response);
  }

  /** A TCP connection speaking RFC 1035 §4.2.2 framing. */
  public static final class Tcp implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public Tcp(InetSocketAddress server) throws IOException {
      socket = new Socket();
      socket.connect(server, (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      socket.setTcpNoDelay(true);
      in = new DataInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    /** The message with its two-octet length prefix. */
    public static byte[] framed(byte[] message) {
      return ByteBuffer.allocate(2 + message.length)
          .putShort((short) message.length)
          .put(message)
          .array();
    }

    public void send(byte[] message) throws IOException {
      sendRaw(framed(message));
    }

    public void sendRaw(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Reads one framed response; throws on timeout or end of stream. */
    public byte[] readRaw() throws IOException {
      int length = in.readUnsignedShort();
      byte[] message = new byte[length];
      in.readFully(message);
      return message;
    }

    public Message read() throws IOException {
      return new Message(readRaw());
    }

    /**
     * Waits up to {@code wait} for the server to close: true on end of stream or reset, false on
     * timeout. Fails when the server sends data instead.
     */
    public boolean awaitClosedByServer(Duration wait) throws IOException {
      socket.setSoTimeout((int) wait.toMillis());
      try {
        int b = in.read();
        if (b >= 0) {
          throw new IOException("expected the server to close, got data");
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (EOFException | SocketException e) {
        return true;
      } finally {
        socket.setSoTimeout((int) TIMEOUT.toMillis());
      }
    }

    public void shutdownOutput() throws IOException {
      socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** True when a TCP connection to {@code server} is refused (the listener is closed). */
  public static boolean tcpRefused(InetSocketAddress server) {
    try (Socket socket = new Socket()) {
      socket.connect(server, 1000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
