package org.webplatform.appliance.dns.transfer;

import java.time.Clock;
import java.util.List;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Builds the messages answering a transfer request. Header: QR, opcode QUERY, RD and CD copied
 * (RFC 5936 §2.2.1), RA never, AA on answers from zone data; the question echoed as sent; our OPT
 * when the query had one (RFC 6891 §6.1.1), carrying the upper bits of an extended RCODE.
 * Stateless.
 */
final class TransferReplies {
  private static final int OPT_LENGTH = 11;

  private TransferReplies() {}

  /** A response header for {@code request}, no records yet. */
  static Message header(TransferRequest request, int rcode, boolean authoritative) {
    Message response = new Message(request.id());
    Header header = response.getHeader();
    header.setFlag(Flags.QR);
    header.setOpcode(Opcode.QUERY);
    header.setRcode(rcode & 0xF);
    if (authoritative) {
      header.setFlag(Flags.AA);
    }
    if (request.flag(Flags.RD)) {
      header.setFlag(Flags.RD);
    }
    if (request.flag(Flags.CD)) {
      header.setFlag(Flags.CD);
    }
    return response;
  }

  /** Adds our OPT record when the request had one; call after the other records. */
  static void addOpt(Message response, TransferRequest request, int rcode, int payload) {
    if (request.opt() != null) {
      int flags = request.dnssecOk() ? ExtendedFlags.DO : 0;
      response.addRecord(new OPTRecord(payload, rcode >>> 4, 0, flags), Section.ADDITIONAL);
    }
  }

  /** Octets our OPT record takes in a response to {@code request}. */
  static int optLength(TransferRequest request) {
    return request.opt() != null ? OPT_LENGTH : 0;
  }

  /**
   * A complete single-message response: the question, {@code answer}, our OPT, signed as {@code
   * signature} wants.
   */
  static byte[] single(
      TransferRequest request,
      int rcode,
      List<Record> answer,
      int payload,
      RequestSignature signature,
      Clock clock) {
    Message response = header(request, rcode, rcode == Rcode.NOERROR);
    response.addRecord(request.question(), Section.QUESTION);
    for (Record record : answer) {
      response.addRecord(record, Section.ANSWER);
    }
    addOpt(response, request, rcode, payload);
    signature.sign(response, clock);
    return response.toWire();
  }

  /**
   * A header-only response (ID and RD/CD kept) to a query that did not parse (FORMERR) or could
   * not be answered (SERVFAIL).
   */
  static byte[] headerOnly(byte[] query, int rcode) {
    Message response = new Message(((query[0] & 0xFF) << 8) | (query[1] & 0xFF));
    Header header = response.getHeader();
    header.setFlag(Flags.QR);
    header.setRcode(rcode);
    if ((query[2] & 0x01) != 0) {
      header.setFlag(Flags.RD);
    }
    if ((query[3] & 0x10) != 0) {
      header.setFlag(Flags.CD);
    }
    return response.toWire();
  }
}
