package org.webplatform.appliance.dns.forward;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.xbill.DNS.Message;

/**
 * An upstream that answers with whatever the test scripts, over UDP and TCP on one port: for the
 * cases a real server never produces (spoofed responses, silence). Records every query it gets.
 */
final class ScriptedUpstream implements AutoCloseable {
  final List<Message> udpQueries = new CopyOnWriteArrayList<>();
  final List<Message> tcpQueries = new CopyOnWriteArrayList<>();
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Thread udpThread;
  private final Thread tcpThread;

  /**
   * @param udpScript the datagrams sent back for a UDP query (none: silence)
   * @param tcpScript the message sent back for a TCP query
   */
  ScriptedUpstream(
      InetAddress ip,
      Function<Message, List<Message>> udpScript,
      Function<Message, Message> tcpScript)
      throws IOException {
    udp = new DatagramSocket(new InetSocketAddress(ip, 0));
    tcp = new ServerSocket();
    tcp.bind(new InetSocketAddress(ip, udp.getLocalPort()));
    udpThread = new Thread(() -> serveUdp(udpScript), "scripted-udp");
    tcpThread = new Thread(() -> serveTcp(tcpScript), "scripted-tcp");
    udpThread.start();
    tcpThread.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) udp.getLocalSocketAddress();
  }

  @Override
  public void close() throws Exception {
    udp.close();
    tcp.close();
    udpThread.join(5000);
    tcpThread.join(5000);
  }

  private void serveUdp(Function<Message, List<Message>> script) {
    byte[] buffer = new byte[65535];
    try {
      while (true) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        Message query = new Message(Arrays.copyOf(buffer, packet.getLength()));
        udpQueries.add(query);
        for (Message response : script.apply(query)) {
          byte[] wire = response.toWire();
          udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
        }
      }
    } catch (SocketException closed) {
      // close()
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void serveTcp(Function<Message, Message> script) {
    try {
      while (true) {
        try (Socket socket = tcp.accept()) {
          DataInputStream in = new DataInputStream(socket.getInputStream());
          byte[] wire = new byte[in.readUnsignedShort()];
          in.readFully(wire);
          Message query = new Message(wire);
          tcpQueries.add(query);
          byte[] response = script.apply(query).toWire();
          DataOutputStream out = new DataOutputStream(socket.getOutputStream());
          out.writeShort(response.length);
          out.write(response);
          out.flush();
        }
      }
    } catch (SocketException closed) {
      // close()
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
