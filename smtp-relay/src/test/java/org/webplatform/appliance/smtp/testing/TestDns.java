package org.webplatform.appliance.smtp.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * A tiny authoritative UDP DNS responder for tests, on 127.0.0.1 and an ephemeral port: answers
 * from records added with {@link #mx}, {@link #a}; NODATA for names that have some record,
 * NXDOMAIN for the rest, SERVFAIL for names marked with {@link #servfail}.
 */
public final class TestDns implements AutoCloseable {
  private final DatagramSocket socket;
  private final List<Record> records = new CopyOnWriteArrayList<>();
  private final Map<Name, Boolean> servfail = new ConcurrentHashMap<>();
  private final Thread thread;

  public TestDns() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    thread = new Thread(this::serve, "test-dns");
    thread.setDaemon(true);
    thread.start();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** The YAML value for mail.resolvers. */
  public String resolverConfig() {
    return "\"127.0.0.1:" + socket.getLocalPort() + "\"";
  }

  public TestDns mx(String domain, int preference, String host) {
    records.add(new MXRecord(name(domain), DClass.IN, 60, preference, name(host)));
    return this;
  }

  public TestDns a(String host, String ip) {
    try {
      InetAddress address = InetAddress.getByName(ip);
      records.add(address.getAddress().length == 4
          ? new ARecord(name(host), DClass.IN, 60, address)
          : new AAAARecord(name(host), DClass.IN, 60, address));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return this;
  }

  public TestDns servfail(String domain) {
    servfail.put(name(domain), true);
    return this;
  }

  private static Name name(String s) {
    try {
      return Name.fromString(s.endsWith(".") ? s : s + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void serve() {
    byte[] buf = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        Record question = query.getQuestion();
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(question, Section.QUESTION);
        Name qname = question.getName();
        if (servfail.containsKey(qname)) {
          reply.getHeader().setRcode(Rcode.SERVFAIL);
        } else {
          boolean exists = false;
          for (Record r : records) {
            if (r.getName().equals(qname)) {
              exists = true;
              if (r.getType() == question.getType()) {
                reply.addRecord(r, Section.ANSWER);
              }
            }
          }
          if (!exists) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
          }
        }
        byte[] out = reply.toWire();
        socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
