package org.webplatform.appliance.dns.answer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A response under test. Header bits are read from the raw octets (RFC 1035 §4.1.1); sections
 * are decoded with dnsjava, used here only as a wire decoder.
 */
final class Reply {
  final byte[] wire;
  final Message message;

  private Reply(byte[] wire) {
    assertNotNull(wire, "expected a response");
    this.wire = wire;
    try {
      this.message = new Message(wire);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reply of(byte[] wire) {
    return new Reply(wire);
  }

  int id() {
    return u16(0);
  }

  boolean qr() {
    return (wire[2] & 0x80) != 0;
  }

  int opcode() {
    return (wire[2] >> 3) & 0xF;
  }

  boolean aa() {
    return (wire[2] & 0x04) != 0;
  }

  boolean tc() {
    return (wire[2] & 0x02) != 0;
  }

  boolean rd() {
    return (wire[2] & 0x01) != 0;
  }

  boolean ra() {
    return (wire[3] & 0x80) != 0;
  }

  boolean cd() {
    return (wire[3] & 0x10) != 0;
  }

  /** The 4-bit header RCODE. */
  int headerRcode() {
    return wire[3] & 0xF;
  }

  /** The full RCODE, with the OPT's upper 8 bits when present (RFC 6891 §6.1.3). */
  int rcode() {
    OPTRecord opt = opt();
    return headerRcode() | (opt == null ? 0 : opt.getExtendedRcode() << 4);
  }

  int count(int section) {
    return u16(4 + 2 * section);
  }

  List<Record> section(int section) {
    return message.getSection(section);
  }

  List<Record> answer() {
    return section(Section.ANSWER);
  }

  List<Record> authority() {
    return section(Section.AUTHORITY);
  }

  /** Additional records without the OPT. */
  List<Record> additional() {
    return section(Section.ADDITIONAL).stream()
        .filter(r -> !(r instanceof OPTRecord))
        .collect(Collectors.toList());
  }

  OPTRecord opt() {
    return message.getOPT();
  }

  int length() {
    return wire.length;
  }

  private int u16(int at) {
    return ((wire[at] & 0xFF) << 8) | (wire[at + 1] & 0xFF);
  }
}
