package org.webplatform.appliance.dns.zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One loaded, validated zone: its name tree, SOA and negative-caching TTL. Immutable and
 * thread-safe.
 */
public final class Zone {
  private final Name origin;
  private final NameTree tree;
  private final RrSet soa;
  private final long negativeTtl;
  private final List<FileStamp> sources;
  private final List<DynaEntry> dynamic;

  private Zone(Name origin, NameTree tree, List<FileStamp> sources, List<DynaEntry> dynamic) {
    this.origin = origin;
    this.tree = tree;
    this.soa = tree.apex().get(Type.SOA);
    SOARecord soaRecord = (SOARecord) soa.record(0);
    // RFC 2308 §5: the TTL of the SOA in a negative answer is min(SOA TTL, SOA MINIMUM).
    this.negativeTtl = Math.min(soa.ttl(), soaRecord.getMinimum());
    this.sources = List.copyOf(sources);
    this.dynamic = List.copyOf(dynamic);
  }

  /**
   * Builds a zone from records that passed {@link ZoneValidator}. RRsets keep file order without
   * duplicates; an RRset's TTL is the lowest of its records (RFC 2181 §5.2).
   */
  static Zone build(Name origin, List<SourceRecord> records, List<FileStamp> sources) {
    return build(origin, records, List.of(), sources);
  }

  /**
   * As {@link #build(Name, List, List)}, with DYNA entries that passed {@link DynaValidator}: their
   * names exist in the tree (NODATA until {@link #withDynamic} gives them addresses).
   */
  static Zone build(
      Name origin, List<SourceRecord> records, List<DynaEntry> dynamic, List<FileStamp> sources) {
    Map<Name, Map<Integer, List<Record>>> owners = new LinkedHashMap<>();
    for (SourceRecord source : records) {
      Record record = source.record();
      List<Record> set =
          owners
              .computeIfAbsent(record.getName().canonicalize(), k -> new LinkedHashMap<>())
              .computeIfAbsent(record.getType(), k -> new ArrayList<>());
      if (!set.contains(record)) {
        set.add(record);
      }
    }
    Map<Name, List<RrSet>> rrsets = new LinkedHashMap<>();
    for (Map.Entry<Name, Map<Integer, List<Record>>> owner : owners.entrySet()) {
      List<RrSet> sets = new ArrayList<>();
      for (Map.Entry<Integer, List<Record>> typed : owner.getValue().entrySet()) {
        long ttl = typed.getValue().stream().mapToLong(Record::getTTL).min().orElseThrow();
        sets.add(new RrSet(owner.getKey(), typed.getKey(), ttl, typed.getValue()));
      }
      sets.sort(Comparator.comparingInt(RrSet::type));
      rrsets.put(owner.getKey(), sets);
    }
    for (DynaEntry entry : dynamic) {
      rrsets.putIfAbsent(entry.owner(), List.of());
    }
    return new Zone(origin, new NameTree(origin, rrsets), sources, dynamic);
  }

  /** The DYNA entries of the zone files, in file order; empty for a static zone. */
  public List<DynaEntry> dynamic() {
    return dynamic;
  }

  /**
   * This zone with {@code rrsets} (A/AAAA of DYNA names) added at their owners, which must be
   * DYNA names of this zone. The SOA, sources and DYNA entries are shared.
   */
  Zone withDynamic(Map<Name, List<RrSet>> rrsets) {
    return new Zone(origin, tree.withAdded(rrsets), sources, dynamic);
  }

  /** The zone name in lower case. */
  public Name origin() {
    return origin;
  }

  public long serial() {
    return ((SOARecord) soa.record(0)).getSerial();
  }

  /** The apex SOA RRset as written in the zone file. */
  public RrSet soa() {
    return soa;
  }

  /** TTL for the SOA in negative answers: min(SOA TTL, SOA MINIMUM) (RFC 2308 §5). */
  public long negativeTtl() {
    return negativeTtl;
  }

  /**
   * Looks up {@code qname}, which must be at or below {@link #origin()}.
   *
   * @param dsQuery the query type is DS, which at a zone cut is answered from this (parent) side
   */
  public NameMatch match(Name qname, boolean dsQuery) {
    return tree.match(qname, dsQuery);
  }

  /** The node of exactly {@code name} in this zone's data (glue included), or null. */
  public NameNode node(Name name) {
    return tree.get(name);
  }

  /** Every name of the tree (empty non-terminals and glue included) in canonical order. */
  public List<Name> names() {
    List<Name> names = tree.names();
    names.sort(null);
    return names;
  }

  /**
   * The names that own records (glue and delegations included, empty non-terminals not), in the
   * order they first appear in the zone files: the order a zone transfer sends them in.
   */
  public List<NameNode> dataNodes() {
    return tree.dataNodes();
  }

  /** Number of names in the tree, empty non-terminals included. */
  public int nameCount() {
    return tree.size();
  }

  /** The zone file, then every included file. */
  List<FileStamp> sources() {
    return sources;
  }

  Path file() {
    return sources.get(0).path();
  }
}
