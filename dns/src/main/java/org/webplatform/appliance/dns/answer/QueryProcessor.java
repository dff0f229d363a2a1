package org.webplatform.appliance.dns.answer;

import java.io.IOException;
import java.util.List;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The general query path: parses any query with dnsjava and applies the protocol rules in this
 * order (gdnsd's, see notes §1.6 and §5.8):
 *
 * <ol>
 *   <li>fewer than 12 octets, or QR set: no response (never answer a response, gdnsd Security.md);
 *   <li>opcode other than QUERY: NOTIMP (RFC 1035 §4.1.1), question echoed when parseable;
 *   <li>unparseable message, QDCOUNT ≠ 1, records in answer or authority, more than one OPT or an
 *       OPT not owned by the root: FORMERR (RFC 6891 §6.1.1);
 *   <li>EDNS version above 0: BADVERS with an OPT of version 0 (RFC 6891 §6.1.3);
 *   <li>class other than IN: REFUSED (no CHAOS identity answers: they only leak information);
 *   <li>meta query types 128–254: NOTIMP; AXFR and IXFR get here only when no transfer answerer
 *       took them (AXFR over UDP: NOTIMP, as NSD answers);
 *   <li>a name outside every zone: for a client that may recurse, the {@link RecursiveAnswers}
 *       answer (forwarding); for everyone else REFUSED without AA;
 *   <li>else the {@link AnswerPlanner} answer; unknown data types get NODATA.
 * </ol>
 *
 * Every response to a query with one valid OPT carries our OPT. Unknown EDNS options and flags are
 * ignored (RFC 6891 §6.1.2). Stateless and thread-safe.
 */
final class QueryProcessor {
  private static final int HEADER_LENGTH = 12;
  private static final int FIRST_META_TYPE = 128;
  private static final int LAST_META_TYPE = 254;

  private final int maxUdpPayload;
  private final RecursiveAnswers recursive;

  QueryProcessor(int maxUdpPayload) {
    this(maxUdpPayload, Recursion.NONE);
  }

  QueryProcessor(int maxUdpPayload, Recursion recursion) {
    this.maxUdpPayload = maxUdpPayload;
    this.recursive = new RecursiveAnswers(recursion, maxUdpPayload);
  }

  /** The response to {@code query}, or null when nothing must be sent. */
  Outcome process(byte[] query, Transport transport, ZoneSet zones) {
    return process(query, transport, zones, false);
  }

  /**
   * The response to {@code query}, or null when nothing must be sent.
   *
   * @param recursionClient the client may have names outside our zones resolved
   */
  Outcome process(byte[] query, Transport transport, ZoneSet zones, boolean recursionClient) {
    if (query.length < HEADER_LENGTH || (query[2] & 0x80) != 0) {
      return null;
    }
    int id = ((query[0] & 0xFF) << 8) | (query[1] & 0xFF);
    int flags = ((query[2] & 0xFF) << 8) | (query[3] & 0xFF);
    int opcode = (flags >> 11) & 0xF;
    Message message = parse(query);
    if (opcode != Opcode.QUERY) {
      Question question = message != null ? question(message) : null;
      Edns edns = message != null ? edns(message) : null;
      return respond(id, flags, question, Rcode.NOTIMP, null, edns, transport);
    }
    if (message == null) {
      return respond(id, flags, null, Rcode.FORMERR, null, null, transport);
    }
    Question question = question(message);
    List<Record> additional = message.getSection(Section.ADDITIONAL);
    long optCount = additional.stream().filter(r -> r.getType() == Type.OPT).count();
    OPTRecord opt = message.getOPT();
    if (optCount > 1 || (opt != null && !opt.getName().equals(Name.root))) {
      return respond(id, flags, question, Rcode.FORMERR, null, null, transport);
    }
    Edns edns = edns(message);
    if (question == null
        || message.getHeader().getCount(Section.ANSWER) != 0
        || message.getHeader().getCount(Section.AUTHORITY) != 0) {
      return respond(id, flags, question, Rcode.FORMERR, null, edns, transport);
    }
    if (edns != null && edns.version() > 0) {
      return respond(id, flags, question, Rcode.BADVERS, null, edns, transport);
    }
    if (question.dclass() != DClass.IN) {
      return respond(id, flags, question, Rcode.REFUSED, null, edns, transport);
    }
    if (question.type() >= FIRST_META_TYPE && question.type() <= LAST_META_TYPE) {
      return respond(id, flags, question, Rcode.NOTIMP, null, edns, transport);
    }
    AnswerPlan plan = AnswerPlanner.plan(zones, question.name(), question.type());
    if (plan == null) {
      if (recursionClient) {
        return recursive.answer(id, flags, question, edns, transport);
      }
      return respond(id, flags, question, Rcode.REFUSED, null, edns, transport);
    }
    return respond(id, flags, question, plan.rcode(), plan, edns, transport);
  }

  private Outcome respond(
      int id,
      int flags,
      Question question,
      int rcode,
      AnswerPlan plan,
      Edns edns,
      Transport transport) {
    int limit = Edns.responseLimit(edns, transport, maxUdpPayload);
    Outcome outcome =
        ResponseEncoder.encode(id, flags, question, rcode, plan, edns, maxUdpPayload, limit);
    return plan != null && plan.perQuery() ? outcome.notMemoisable() : outcome;
  }

  private static Message parse(byte[] query) {
    try {
      return new Message(query);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The single question, or null when QDCOUNT is not 1. */
  private static Question question(Message message) {
    List<Record> questions = message.getSection(Section.QUESTION);
    if (questions.size() != 1) {
      return null;
    }
    Record record = questions.get(0);
    return new Question(record.getName(), record.getType(), record.getDClass());
  }

  /** The query's EDNS facts, or null without exactly one OPT record. */
  private static Edns edns(Message message) {
    long optCount =
        message.getSection(Section.ADDITIONAL).stream()
            .filter(r -> r.getType() == Type.OPT)
            .count();
    OPTRecord opt = message.getOPT();
    if (optCount != 1 || opt == null) {
      return null;
    }
    boolean dnssecOk = (opt.getFlags() & ExtendedFlags.DO) != 0;
    return new Edns(opt.getPayloadSize(), opt.getVersion(), dnssecOk);
  }
}
