package org.webplatform.appliance.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.webplatform.appliance.testing.Peers;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A real NSD (Debian package nsd) in the foreground, authoritative for the given zones on a
 * loopback address and a port probed free there: the upstream server of the forwarding tests.
 * Close stops it (SIGTERM).
 */
final class NsdPeer implements AutoCloseable {
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Process process;
  private final InetSocketAddress address;
  private final Path log;

  private NsdPeer(Process process, InetSocketAddress address, Path log) {
    this.process = process;
    this.address = address;
    this.log = log;
  }

  /**
   * Starts NSD in {@code dir} on {@code ip} and waits until it answers.
   *
   * @param zones zone name (no trailing dot) to zone file text
   */
  static NsdPeer start(Path dir, String ip, Map<String, String> zones)
      throws IOException, InterruptedException {
    String nsd = Peers.require("nsd", "nsd");
    Files.createDirectories(dir);
    InetAddress host = InetAddress.getByName(ip);
    int port = NsdProcess.freePort(host);
    StringBuilder conf = NsdProcess.serverConfig(dir, ip, port);
    for (Map.Entry<String, String> zone : zones.entrySet()) {
      Files.writeString(dir.resolve(zone.getKey() + ".zone"), zone.getValue());
      conf.append("zone:\n")
          .append("  name: \"").append(zone.getKey()).append("\"\n")
          .append("  zonefile: \"").append(zone.getKey()).append(".zone\"\n");
    }
    Process process = NsdProcess.launch(nsd, dir, conf);
    Path log = dir.resolve("nsd.out");
    NsdPeer peer = new NsdPeer(process, new InetSocketAddress(host, port), log);
    peer.awaitAnswer(zones.keySet().iterator().next());
    return peer;
  }

  InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() throws InterruptedException {
    NsdProcess.stop(process);
  }

  private void awaitAnswer(String zone) throws IOException, InterruptedException {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString(zone + "."), Type.SOA, DClass.IN));
    byte[] wire = query.toWire();
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    InetSocketAddress local = new InetSocketAddress(address.getAddress(), 0);
    try (DatagramSocket socket = new DatagramSocket(local)) {
      socket.setSoTimeout(100);
      while (System.nanoTime() - deadline < 0) {
        if (!process.isAlive()) {
          throw new IllegalStateException("nsd exited: " + output());
        }
        socket.send(new DatagramPacket(wire, wire.length, address));
        try {
          socket.receive(new DatagramPacket(new byte[4096], 4096));
          return;
        } catch (SocketTimeoutException e) {
          // not listening yet
        }
      }
    }
    close();
    throw new IllegalStateException("nsd did not answer within 10 s: " + output());
  }

  private String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
  }
}
