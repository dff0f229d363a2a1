package org.webplatform.appliance.dns.zone;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * An immutable RRset of zone data: records with the same owner, class IN and type, in zone-file
 * order with duplicates removed (RFC 2181 §5). All records carry the set's TTL, the lowest TTL
 * found in the file (RFC 2181 §5.2). The uncompressed RDATA of every record is kept ready for
 * encoding. Thread-safe.
 */
public final class RrSet {
  private final Name owner;
  private final int type;
  private final long ttl;
  private final List<Record> records;
  private final byte[][] rdata;

  RrSet(Name owner, int type, long ttl, List<Record> records) {
    this.owner = owner;
    this.type = type;
    this.ttl = ttl;
    this.records = List.copyOf(records);
    this.rdata = new byte[records.size()][];
    for (int i = 0; i < rdata.length; i++) {
      rdata[i] = rdataOf(records.get(i));
    }
  }

  /**
   * An RRset of data that did not come from a zone file (an upstream server's answer). The owner
   * is written in lower case; the set's TTL is the lowest of the records' (RFC 2181 §5.2).
   *
   * @param records at least one record, all with that owner and type
   */
  public static RrSet of(Name owner, int type, List<Record> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("records: an RRset has at least one record");
    }
    long ttl = records.stream().mapToLong(Record::getTTL).min().orElseThrow();
    return new RrSet(owner.canonicalize(), type, ttl, records);
  }

  /** The owner name in lower case. */
  public Name owner() {
    return owner;
  }

  public int type() {
    return type;
  }

  public long ttl() {
    return ttl;
  }

  public int size() {
    return records.size();
  }

  public Record record(int index) {
    return records.get(index);
  }

  /** The uncompressed RDATA of record {@code index}; callers must not modify it. */
  public byte[] rdata(int index) {
    return rdata[index];
  }

  private static byte[] rdataOf(Record record) {
    // Uncompressed wire form: owner name, type, class, TTL, RDLENGTH (10 octets), RDATA.
    byte[] wire = record.toWire(org.xbill.DNS.Section.ANSWER);
    int offset = record.getName().length() + 10;
    byte[] out = new byte[wire.length - offset];
    System.arraycopy(wire, offset, out, 0, out.length);
    return out;
  }
}
