package org.webplatform.appliance.dns.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.webplatform.appliance.dns.answer.Transport;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * One AXFR or IXFR query as received: the parsed message, its exact bytes (TSIG signs those, RFC
 * 8945 §4.3.1) and where it came from. Immutable.
 *
 * @param clientSerial the serial of the client's SOA in the authority section (IXFR, RFC 1995
 *     §3), or -1
 */
record TransferRequest(
    Message message,
    byte[] wire,
    InetSocketAddress client,
    Transport transport,
    long clientSerial) {

  /** Thrown for a query that is not a well-formed transfer request: the answer is FORMERR. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses a query that {@link TransferQueries} classified as AXFR or IXFR. RFC 5936 §2.1: no
   * answer records, no authority records for AXFR; RFC 1995 §3: exactly the client's SOA of the
   * zone in the authority section of an IXFR.
   */
  static TransferRequest parse(byte[] wire, InetSocketAddress client, Transport transport)
      throws Malformed {
    Message message;
    try {
      message = new Message(wire);
    } catch (IOException | RuntimeException e) {
      throw new Malformed("unparseable: " + e.getMessage());
    }
    Record question = message.getQuestion();
    if (question == null || message.getHeader().getCount(Section.ANSWER) != 0) {
      throw new Malformed("records in the answer section");
    }
    List<Record> authority = message.getSection(Section.AUTHORITY);
    long clientSerial = -1;
    if (question.getType() == Type.IXFR) {
      if (authority.size() != 1
          || !(authority.get(0) instanceof SOARecord soa)
          || !soa.getName().equals(question.getName())) {
        throw new Malformed("IXFR without the client's SOA of the zone in the authority section");
      }
      clientSerial = soa.getSerial();
    } else if (!authority.isEmpty()) {
      throw new Malformed("records in the authority section");
    }
    return new TransferRequest(message, wire, client, transport, clientSerial);
  }

  int id() {
    return message.getHeader().getID();
  }

  Record question() {
    return message.getQuestion();
  }

  /** The zone asked for, as sent (case kept). */
  Name zoneName() {
    return question().getName();
  }

  int type() {
    return question().getType();
  }

  String typeLabel() {
    return type() == Type.IXFR ? "ixfr" : "axfr";
  }

  TSIGRecord tsig() {
    return message.getTSIG();
  }

  /** The query's OPT record, or null (then the response carries none, RFC 6891 §6.1.1). */
  OPTRecord opt() {
    return message.getOPT();
  }

  boolean dnssecOk() {
    OPTRecord opt = opt();
    return opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0;
  }

  /** A header flag of the query ({@link org.xbill.DNS.Flags}). */
  boolean flag(int flag) {
    return message.getHeader().getFlag(flag);
  }
}
