package org.webplatform.appliance.dns.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One query we send upstream, and the test whether a message is its response.
 *
 * <p>The query is built fresh from the question with our own random ID, never the client's bytes
 * or ID: RD set, EDNS(0) advertising {@value #EDNS_PAYLOAD} octets (DNS flag day 2020), DO clear
 * (we do not validate, so we do not ask for signatures). A message is the response only when its
 * ID, QR, opcode and question (name, type, class) match (RFC 5452 §9.1); anything else may be a
 * spoofing attempt and is ignored. Immutable.
 */
final class UpstreamQuery {
  static final int EDNS_PAYLOAD = 1232;
  private static final int HEADER_LENGTH = 12;

  private final int id;
  private final Name name;
  private final int type;
  private final byte[] wire;

  UpstreamQuery(int id, Name name, int type) {
    this.id = id;
    this.name = name;
    this.type = type;
    Message query = new Message(id);
    query.getHeader().setFlag(Flags.RD);
    query.addRecord(Record.newRecord(name, type, DClass.IN), Section.QUESTION);
    query.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    this.wire = query.toWire();
  }

  int id() {
    return id;
  }

  /** The query message, without a TCP length prefix. */
  byte[] wire() {
    return wire.clone();
  }

  /** The response in {@code message} (readable bytes, not consumed); null when it is not ours. */
  Message match(ByteBuf message) {
    int at = message.readerIndex();
    if (message.readableBytes() < HEADER_LENGTH
        || message.getUnsignedShort(at) != id
        || (message.getUnsignedByte(at + 2) & 0x80) == 0) {
      return null;
    }
    Message response;
    try {
      response = new Message(ByteBufUtil.getBytes(message));
    } catch (IOException e) {
      return null;
    }
    Record question = response.getQuestion();
    if (response.getHeader().getOpcode() != Opcode.QUERY
        || response.getSection(Section.QUESTION).size() != 1
        || !question.getName().equals(name)
        || question.getType() != type
        || question.getDClass() != DClass.IN) {
      return null;
    }
    return response;
  }

  @Override
  public String toString() {
    return name + "/" + Type.string(type) + " id=" + id;
  }
}
