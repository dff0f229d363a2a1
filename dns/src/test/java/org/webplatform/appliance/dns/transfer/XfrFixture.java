package org.webplatform.appliance.dns.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.ResponseStream;
import org.webplatform.appliance.dns.server.TransferAnswerer;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.webplatform.appliance.dns.zone.ZoneSetLoad;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/** Zones, queries and stream readers for the transfer tests. */
final class XfrFixture {
  static final Name ZONE = name("example.internal.");
  static final long SERIAL = 2024010101L;
  static final InetSocketAddress ALLOWED = new InetSocketAddress("127.0.0.1", 40000);
  static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.2", 40000);

  private XfrFixture() {}

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** The zones of {@code src/test/resources/zones-xfr/}. */
  static ZoneSet zones() {
    try {
      return load(Path.of(XfrFixture.class.getResource("/zones-xfr").toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ZoneSet load(Path dir) {
    ZoneSetLoad load = ZoneDirectory.load(dir, ZoneSet.EMPTY);
    assertEquals(List.of(), load.errors(), "fixture zones must load cleanly");
    return load.zones();
  }

  /** See {@link BigZone#write(Path, int, long)}. */
  static Path writeBigZone(Path dir, int hosts, long serial) throws IOException {
    return BigZone.write(dir, hosts, serial);
  }

  /** An AXFR or IXFR query, RD clear; IXFR carries {@code clientSerial} in authority. */
  static Message query(Name zone, int type, long clientSerial) {
    Message query = Message.newQuery(Record.newRecord(zone, type, DClass.IN));
    query.getHeader().setID(4242);
    query.getHeader().unsetFlag(Flags.RD);
    if (clientSerial >= 0) {
      query.addRecord(
          new SOARecord(zone, DClass.IN, 3600, name("ns1." + zone), name("h." + zone),
              clientSerial, 1, 1, 1, 1),
          Section.AUTHORITY);
    }
    return query;
  }

  static Message withOpt(Message query, boolean dnssecOk) {
    query.addRecord(new OPTRecord(4096, 0, 0, dnssecOk ? 0x8000 : 0), Section.ADDITIONAL);
    return query;
  }

  /** The wire form, signed with {@code key} when not null. */
  static byte[] wire(Message query, TSIG key) {
    if (key != null) {
      query.setTSIG(key);
    }
    return query.toWire(65535);
  }

  /** Every message of the answer, or null when the answerer passed. */
  static List<byte[]> ask(
      TransferAnswerer answerer, byte[] query, InetSocketAddress client, Transport transport) {
    ResponseStream stream = answerer.answer(ByteBuffer.wrap(query), client, transport);
    if (stream == null) {
      return null;
    }
    List<byte[]> messages = new ArrayList<>();
    try {
      byte[] message;
      while ((message = stream.next()) != null) {
        messages.add(message);
      }
    } finally {
      stream.close();
    }
    return messages;
  }

  static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new AssertionError("response does not parse", e);
    }
  }

  /** Every answer record of every message, in order. */
  static List<Record> answers(List<byte[]> messages) {
    List<Record> records = new ArrayList<>();
    for (byte[] message : messages) {
      records.addAll(parse(message).getSection(Section.ANSWER));
    }
    return records;
  }
}
