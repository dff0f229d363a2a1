package org.webplatform.appliance.dns.transfer;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.dns.server.ResponseStream;
import org.webplatform.appliance.dns.zone.NameNode;
import org.webplatform.appliance.dns.zone.RrSet;
import org.webplatform.appliance.dns.zone.Zone;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * The messages of a full zone transfer (RFC 5936 §2.2), made one at a time from an immutable zone
 * snapshot, so the transfer is consistent even when a reload swaps in new data meanwhile.
 *
 * <p>Content: the SOA, then every other RRset of the zone (delegation NS and glue included) in
 * zone-file order, then the SOA again (RFC 5936 §2.2). Each record carries its RRset's TTL, the
 * one queries are answered with. Messages fill up to {@value #TARGET_SIZE} octets, NSD's choice:
 * compression pointers reach only the first 16 KiB (RFC 1035 §4.1.4), and a small message leaves
 * the connection sooner. A record larger than that goes alone; one that cannot fit into 65535
 * octets at all ends the transfer with an error. The question and our OPT travel in the first
 * message only (RFC 5936 §2.2.1 allows the question to be left out afterwards, NSD does so); with
 * TSIG every message is signed, each MAC chained to the previous one (RFC 8945 §5.3.1).
 *
 * <p>Not thread-safe: one connection's I/O thread drives it ({@link ResponseStream} contract).
 */
final class ZoneStream implements ResponseStream {
  private static final Logger log = LoggerFactory.getLogger(ZoneStream.class);

  /** Soft size of one message: records are added while the message stays below it. */
  static final int TARGET_SIZE = 16384;

  private static final int MAX_MESSAGE = 65535;
  private static final int HEADER_LENGTH = 12;

  /** Told once when the stream ends, complete or cut short. */
  interface Listener {
    void ended(boolean complete, int messages, long records, long bytes);
  }

  private final TransferRequest request;
  private final Zone zone;
  private final Record soa;
  private final int soaSize;
  private final int payload;
  private final TSIG.StreamGenerator signer;
  private final int signatureReserve;
  private final Listener listener;
  private final List<NameNode> nodes;
  private int nodeIndex;
  private List<RrSet> rrsets = List.of();
  private int rrsetIndex;
  private int recordIndex;
  private int peekedSize;
  private boolean finished;
  private boolean reported;
  private int messages;
  private long records;
  private long bytes;

  ZoneStream(
      TransferRequest request,
      Zone zone,
      int payload,
      RequestSignature signature,
      Listener listener) {
    this.request = request;
    this.zone = zone;
    this.soa = record(zone.soa(), 0);
    this.soaSize = size(zone.soa(), 0);
    this.payload = payload;
    this.signer = signature.streamSigner();
    this.signatureReserve = signature.reserve();
    this.listener = listener;
    this.nodes = zone.dataNodes();
  }

  @Override
  public byte[] next() {
    if (finished) {
      return null;
    }
    boolean first = messages == 0;
    Message message = TransferReplies.header(request, Rcode.NOERROR, true);
    int size = HEADER_LENGTH;
    int limit = MAX_MESSAGE - signatureReserve;
    int count = 0;
    if (first) {
      message.addRecord(request.question(), Section.QUESTION);
      size += request.zoneName().length() + 4;
      limit -= TransferReplies.optLength(request);
      message.addRecord(soa, Section.ANSWER);
      size += soaSize;
      count++;
    }
    Record next;
    while ((next = peek()) != null) {
      int estimate = peekedSize;
      if (count > 0 && size + estimate > TARGET_SIZE) {
        break;
      }
      if (size + estimate > limit) {
        // NSD does the same (SERVFAIL there): the transfer cannot be completed, so it is cut off
        // (the connection closes) rather than sent without the record.
        log.error(
            "xfr=failed zone={} record=\"{} {}\" octets={} reason=\"record cannot fit into a DNS"
                + " message\"",
            zone.origin(), next.getName(), Type.string(next.getType()), estimate);
        throw new IllegalStateException("record too large for a DNS message: " + next.getName());
      }
      message.addRecord(next, Section.ANSWER);
      size += estimate;
      count++;
      advance();
    }
    if (peek() == null && (count == 0 || size + soaSize <= TARGET_SIZE)) {
      message.addRecord(soa, Section.ANSWER);
      count++;
      finished = true;
    }
    if (first) {
      TransferReplies.addOpt(message, request, Rcode.NOERROR, payload);
    }
    if (signer != null) {
      signer.generate(message);
    }
    byte[] wire = message.toWire();
    messages++;
    records += count;
    bytes += wire.length;
    if (finished) {
      report(true);
    }
    return wire;
  }

  @Override
  public void close() {
    report(finished);
  }

  private void report(boolean complete) {
    if (!reported) {
      reported = true;
      listener.ended(complete, messages, records, bytes);
    }
  }

  /**
   * The next record to send, or null after the last one (the apex SOA is sent separately); its
   * size goes to {@link #peekedSize}.
   */
  private Record peek() {
    while (true) {
      if (rrsetIndex < rrsets.size()) {
        RrSet rrset = rrsets.get(rrsetIndex);
        if (rrset.type() == Type.SOA || recordIndex >= rrset.size()) {
          rrsetIndex++;
          recordIndex = 0;
          continue;
        }
        peekedSize = size(rrset, recordIndex);
        return record(rrset, recordIndex);
      }
      if (nodeIndex >= nodes.size()) {
        return null;
      }
      rrsets = nodes.get(nodeIndex++).rrsets();
      rrsetIndex = 0;
      recordIndex = 0;
    }
  }

  private void advance() {
    recordIndex++;
  }

  /** Record {@code index} of {@code rrset} with the RRset's TTL (RFC 2181 §5.2). */
  static Record record(RrSet rrset, int index) {
    Record record = rrset.record(index);
    if (record.getTTL() == rrset.ttl()) {
      return record;
    }
    return Record.newRecord(
        record.getName(), record.getType(), record.getDClass(), rrset.ttl(), rrset.rdata(index));
  }

  /**
   * Size of record {@code index} without compression (owner, type, class, TTL, RDLENGTH, RDATA):
   * an upper bound of what it takes in a message.
   */
  private static int size(RrSet rrset, int index) {
    return rrset.record(index).getName().length() + 10 + rrset.rdata(index).length;
  }
}
