package org.webplatform.appliance.dns.answer;

import java.util.ArrayList;
import java.util.List;
import org.webplatform.appliance.dns.zone.RrSet;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Compression;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Writes a response message, deciding truncation.
 *
 * <p>Header: QR set, opcode, RD and CD copied from the query, RA never set (authoritative only),
 * AA as planned, Z and AD clear. The question is written from the parsed name, which keeps the
 * case it was sent in, so names compressed against it keep 0x20 intact and owner names equal to the
 * question become pointers to offset 12. Names inside RDATA are compressed only for the RFC 1035
 * types (RFC 3597 §4).
 *
 * <p>Truncation is all-or-nothing for answer and authority, as in gdnsd: when they plus required
 * glue do not fit, the response has TC set and only the question and the OPT record (RFC 2181
 * §9, RFC 9471 §3). Optional additional RRsets are dropped one by one without TC. Stateless and
 * thread-safe.
 */
final class ResponseEncoder {
  private static final int FLAG_QR = 0x8000;
  private static final int FLAG_AA = 0x0400;
  private static final int FLAG_TC = 0x0200;
  private static final int COPIED_FLAGS = 0x7800 | 0x0100 | 0x0010; // opcode, RD, CD
  private static final int DO_FLAG = 0x8000;

  private ResponseEncoder() {}

  /**
   * @param question null to send no question (unparseable query)
   * @param plan null for a response without records
   * @param edns null to send no OPT record
   * @param rcode the full response code; the upper 8 bits go into the OPT (RFC 6891 §6.1.3)
   */
  static Outcome encode(
      int id,
      int queryFlags,
      Question question,
      int rcode,
      AnswerPlan plan,
      Edns edns,
      int ourPayload,
      int limit) {
    Writer writer = new Writer(id, queryFlags, question, rcode, edns, ourPayload);
    boolean aa = plan != null && plan.authoritative();
    int qtype = question != null ? question.type() : -1;
    if (plan == null) {
      return new Outcome(writer.write(aa, false, List.of(), List.of(), List.of()), qtype, rcode,
          false);
    }
    List<RrSetRef> additional = new ArrayList<>(plan.requiredGlue());
    additional.addAll(plan.optionalAdditional());
    byte[] full = writer.write(aa, false, plan.answer(), plan.authority(), additional);
    if (full.length <= limit) {
      return new Outcome(full, qtype, rcode, false);
    }
    List<RrSetRef> kept = new ArrayList<>(plan.requiredGlue());
    byte[] best = writer.write(aa, false, plan.answer(), plan.authority(), kept);
    if (best.length > limit) {
      byte[] truncated = writer.write(aa, true, List.of(), List.of(), List.of());
      return new Outcome(truncated, qtype, rcode, true);
    }
    for (RrSetRef extra : plan.optionalAdditional()) {
      kept.add(extra);
      byte[] attempt = writer.write(aa, false, plan.answer(), plan.authority(), kept);
      if (attempt.length <= limit) {
        best = attempt;
      } else {
        kept.remove(kept.size() - 1);
      }
    }
    return new Outcome(best, qtype, rcode, false);
  }

  /** Writes one candidate message; each attempt starts with a fresh compression table. */
  private static final class Writer {
    private final int id;
    private final int queryFlags;
    private final Question question;
    private final int rcode;
    private final Edns edns;
    private final int ourPayload;

    Writer(int id, int queryFlags, Question question, int rcode, Edns edns, int ourPayload) {
      this.id = id;
      this.queryFlags = queryFlags;
      this.question = question;
      this.rcode = rcode;
      this.edns = edns;
      this.ourPayload = ourPayload;
    }

    byte[] write(
        boolean aa,
        boolean tc,
        List<RrSetRef> answer,
        List<RrSetRef> authority,
        List<RrSetRef> additional) {
      DNSOutput out = new DNSOutput(512);
      Compression compression = new Compression();
      int flags = FLAG_QR | (queryFlags & COPIED_FLAGS) | (rcode & 0xF);
      flags |= (aa ? FLAG_AA : 0) | (tc ? FLAG_TC : 0);
      out.writeU16(id);
      out.writeU16(flags);
      out.writeU16(question != null ? 1 : 0);
      out.writeU16(count(answer));
      out.writeU16(count(authority));
      out.writeU16(count(additional) + (edns != null ? 1 : 0));
      if (question != null) {
        question.name().toWire(out, compression);
        out.writeU16(question.type());
        out.writeU16(question.dclass());
      }
      writeSection(out, compression, answer);
      writeSection(out, compression, authority);
      writeSection(out, compression, additional);
      if (edns != null) {
        writeOpt(out);
      }
      return out.toByteArray();
    }

    /** RFC 6891 §6.1.2/§6.1.3: root owner, our payload size, extended rcode, version 0, DO. */
    private void writeOpt(DNSOutput out) {
      out.writeU8(0);
      out.writeU16(Type.OPT);
      out.writeU16(ourPayload);
      out.writeU8((rcode >> 4) & 0xFF);
      out.writeU8(0);
      out.writeU16(edns.dnssecOk() ? DO_FLAG : 0);
      out.writeU16(0);
    }
  }

  private static int count(List<RrSetRef> section) {
    int count = 0;
    for (RrSetRef ref : section) {
      count += ref.rrset().size();
    }
    return count;
  }

  private static void writeSection(DNSOutput out, Compression compression, List<RrSetRef> refs) {
    for (RrSetRef ref : refs) {
      RrSet rrset = ref.rrset();
      for (int i = 0; i < rrset.size(); i++) {
        ref.owner().toWire(out, compression);
        out.writeU16(rrset.type());
        out.writeU16(DClass.IN);
        out.writeU32(ref.ttl());
        int lengthAt = out.current();
        out.writeU16(0);
        int start = out.current();
        writeRdata(out, compression, rrset.record(i), rrset.rdata(i));
        out.writeU16At(out.current() - start, lengthAt);
      }
    }
  }

  private static void writeRdata(
      DNSOutput out, Compression compression, Record record, byte[] rdata) {
    if (record instanceof CNAMERecord cname) {
      cname.getTarget().toWire(out, compression);
    } else if (record instanceof NSRecord ns) {
      ns.getTarget().toWire(out, compression);
    } else if (record instanceof PTRRecord ptr) {
      ptr.getTarget().toWire(out, compression);
    } else if (record instanceof MXRecord mx) {
      out.writeU16(mx.getPriority());
      mx.getTarget().toWire(out, compression);
    } else if (record instanceof SOARecord soa) {
      soa.getHost().toWire(out, compression);
      soa.getAdmin().toWire(out, compression);
      out.writeU32(soa.getSerial());
      out.writeU32(soa.getRefresh());
      out.writeU32(soa.getRetry());
      out.writeU32(soa.getExpire());
      out.writeU32(soa.getMinimum());
    } else {
      out.writeByteArray(rdata);
    }
  }
}
