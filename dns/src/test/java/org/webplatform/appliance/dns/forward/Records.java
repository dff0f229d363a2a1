package org.webplatform.appliance.dns.forward;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Upstream responses written in zone-file syntax, for the cache tests. */
final class Records {
  private Records() {}

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** One record from {@code "www.example.com. 300 IN A 192.0.2.1"}. */
  static Record record(String line) {
    String[] parts = line.split("\\s+", 5);
    try {
      return Record.fromString(
          name(parts[0]), Type.value(parts[3]), 1, Long.parseLong(parts[1]), parts[4], Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response to {@code qname}/{@code qtype} with the records (section per prefix A:, N:, X:). */
  static Message response(int rcode, String qname, int qtype, String... lines) {
    Message message = new Message(1);
    message.getHeader().setRcode(rcode);
    message.addRecord(Record.newRecord(name(qname), qtype, 1), Section.QUESTION);
    for (String line : lines) {
      int section =
          switch (line.substring(0, 2)) {
            case "A:" -> Section.ANSWER;
            case "N:" -> Section.AUTHORITY;
            case "X:" -> Section.ADDITIONAL;
            default -> throw new IllegalArgumentException(line);
          };
      message.addRecord(record(line.substring(2).trim()), section);
    }
    return message;
  }

  static Message noerror(String qname, int qtype, String... lines) {
    return response(Rcode.NOERROR, qname, qtype, lines);
  }
}
