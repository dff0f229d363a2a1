package org.webplatform.appliance.dns.transfer;

import org.webplatform.appliance.dns.zone.Zone;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/** NOTIFY requests (RFC 1996 §3) and what counts as their acknowledgement (§4.7). Stateless. */
final class NotifyMessages {
  private NotifyMessages() {}

  /**
   * A NOTIFY for {@code zone}: opcode NOTIFY, AA, the zone's SOA as the question (§3.7) and its
   * current SOA in the answer section (§3.7 allows it; the secondary may skip its SOA query),
   * signed with {@code key} when not null.
   */
  static Message request(Zone zone, int id, TSIG key) {
    Message message = new Message(id);
    message.getHeader().setOpcode(Opcode.NOTIFY);
    message.getHeader().setFlag(Flags.AA);
    message.addRecord(Record.newRecord(zone.origin(), Type.SOA, DClass.IN), Section.QUESTION);
    message.addRecord(ZoneStream.record(zone.soa(), 0), Section.ANSWER);
    if (key != null) {
      key.apply(message, null);
    }
    return message;
  }

  /**
   * True when {@code response} answers {@code request}: QR set, opcode NOTIFY, the same ID and
   * question; with a key, a TSIG that verifies against the request's (RFC 8945 §5.3).
   */
  static boolean answers(Message response, byte[] responseWire, Message request, TSIG key) {
    if (!response.getHeader().getFlag(Flags.QR)
        || response.getHeader().getOpcode() != Opcode.NOTIFY
        || response.getHeader().getID() != request.getHeader().getID()) {
      return false;
    }
    Record question = response.getQuestion();
    if (question != null && !question.equals(request.getQuestion())) {
      return false;
    }
    if (key == null) {
      return true;
    }
    TSIGRecord sent = request.getTSIG();
    return response.getTSIG() != null && key.verify(response, responseWire, sent) == 0;
  }
}
