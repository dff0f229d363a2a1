package org.webplatform.appliance.dns.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * An immutable RRset of zone data: records with the same owner, class IN and type, in zone-file
 * order with duplicates removed (RFC 2181 §5). All records carry the set's TTL, the lowest TTL
 * found in the file (RFC 2181 §5.2). The uncompressed RDATA of every record is kept ready for
 * encoding. Thread-safe.
 *
 * <p>A per-query RRset (round-robin and weighted pools, see {@link DynamicZones}) holds every
 * record and a set of variants; {@link #pick()} chooses the variant one response carries. Such
 * responses must not be memoised.
 */
public final class RrSet {
  private final Name owner;
  private final int type;
  private final long ttl;
  private final List<Record> records;
  private final byte[][] rdata;
  private final boolean perQuery;
  private final RrSet[] variants;
  private final int[] cumulativeWeights;

  RrSet(Name owner, int type, long ttl, List<Record> records) {
    this(owner, type, ttl, records, false, null, null);
  }

  private RrSet(
      Name owner,
      int type,
      long ttl,
      List<Record> records,
      boolean perQuery,
      RrSet[] variants,
      int[] cumulativeWeights) {
    this.owner = owner;
    this.type = type;
    this.ttl = ttl;
    this.records = List.copyOf(records);
    this.rdata = new byte[records.size()][];
    for (int i = 0; i < rdata.length; i++) {
      rdata[i] = rdataOf(records.get(i));
    }
    this.perQuery = perQuery;
    this.variants = variants;
    this.cumulativeWeights = cumulativeWeights;
  }

  /**
   * All {@code records}, served in an order rotated per query, each rotation equally likely
   * (gdnsd shuffles address RRsets; a fixed order would send every client to the first address).
   */
  static RrSet rotating(Name owner, int type, long ttl, List<Record> records) {
    if (records.size() < 2) {
      return new RrSet(owner, type, ttl, records);
    }
    RrSet[] rotations = new RrSet[records.size()];
    for (int start = 0; start < rotations.length; start++) {
      List<Record> rotated = new ArrayList<>(records.subList(start, records.size()));
      rotated.addAll(records.subList(0, start));
      rotations[start] = new RrSet(owner, type, ttl, rotated, true, null, null);
    }
    return new RrSet(owner, type, ttl, records, true, rotations, null);
  }

  /** One of {@code records} per query, record i with probability weights[i] / sum of weights. */
  static RrSet weighted(Name owner, int type, long ttl, List<Record> records, List<Integer> weights) {
    if (records.size() < 2) {
      return new RrSet(owner, type, ttl, records);
    }
    RrSet[] singles = new RrSet[records.size()];
    int[] cumulative = new int[records.size()];
    int sum = 0;
    for (int i = 0; i < singles.length; i++) {
      singles[i] = new RrSet(owner, type, ttl, List.of(records.get(i)), true, null, null);
      sum += weights.get(i);
      cumulative[i] = sum;
    }
    return new RrSet(owner, type, ttl, records, true, singles, cumulative);
  }

  /** True when responses carrying this RRset differ from query to query (not memoisable). */
  public boolean perQuery() {
    return perQuery;
  }

  /** The records one response carries: this set, or for a per-query set one of its variants. */
  public RrSet pick() {
    if (variants == null) {
      return this;
    }
    if (cumulativeWeights == null) {
      return variants[ThreadLocalRandom.current().nextInt(variants.length)];
    }
    int ticket =
        ThreadLocalRandom.current().nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
    int index = Arrays.binarySearch(cumulativeWeights, ticket + 1);
    return variants[index >= 0 ? index : -index - 1];
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
