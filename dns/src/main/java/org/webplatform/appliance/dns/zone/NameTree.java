package org.webplatform.appliance.dns.zone;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;

/**
 * The names of one zone as a hash map from name to node, with an explicit node for every empty
 * non-terminal, so that existence questions (RFC 8020, RFC 4592 §2.2.2) are a single lookup.
 * dnsjava's {@code Name} compares and hashes case-insensitively, so query names of any case find
 * their node. Immutable and thread-safe.
 */
final class NameTree {
  private static final Name WILDCARD_LABEL = Name.fromConstantString("*");

  private final Name origin;
  private final NameNode apex;
  private final Map<Name, NameNode> nodes;
  private final List<NameNode> dataNodes;

  /**
   * @param rrsets every owner (lower case, at or below {@code origin}) with its RRsets sorted by
   *     type; iteration order is kept for {@link #dataNodes()}
   */
  NameTree(Name origin, Map<Name, List<RrSet>> rrsets) {
    this.origin = origin;
    Map<Name, NameNode> map = new HashMap<>(rrsets.size() * 2);
    List<NameNode> withData = new ArrayList<>(rrsets.size());
    for (Map.Entry<Name, List<RrSet>> entry : rrsets.entrySet()) {
      Name owner = entry.getKey();
      boolean cut = !owner.equals(origin) && hasType(entry.getValue(), org.xbill.DNS.Type.NS);
      NameNode node = new NameNode(owner, entry.getValue(), cut);
      map.put(owner, node);
      withData.add(node);
    }
    for (Name owner : rrsets.keySet()) {
      for (int strip = 1; owner.labels() - strip >= origin.labels(); strip++) {
        Name ancestor = new Name(owner, strip);
        map.putIfAbsent(ancestor, new NameNode(ancestor, List.of(), false));
      }
    }
    map.putIfAbsent(origin, new NameNode(origin, List.of(), false));
    this.nodes = map;
    this.dataNodes = List.copyOf(withData);
    this.apex = map.get(origin);
  }

  private NameTree(Name origin, HashMap<Name, NameNode> nodes, List<NameNode> dataNodes) {
    this.origin = origin;
    this.nodes = nodes;
    this.dataNodes = List.copyOf(dataNodes);
    this.apex = nodes.get(origin);
  }

  /**
   * A copy of this tree with {@code added} RRsets merged into the nodes of their owners, which
   * must exist and must not be delegations. The other nodes are shared.
   */
  NameTree withAdded(Map<Name, List<RrSet>> added) {
    HashMap<Name, NameNode> copy = new HashMap<>(nodes);
    for (Map.Entry<Name, List<RrSet>> entry : added.entrySet()) {
      NameNode node = nodes.get(entry.getKey());
      List<RrSet> sets = new ArrayList<>(node.rrsets());
      sets.addAll(entry.getValue());
      sets.sort(Comparator.comparingInt(RrSet::type));
      copy.put(entry.getKey(), new NameNode(node.name(), sets, node.isDelegation()));
    }
    // The owners of added RRsets own data already (DYNA names are data nodes, maybe empty ones),
    // so the data nodes keep their order, each replaced by its copy.
    List<NameNode> withData = new ArrayList<>(dataNodes.size());
    for (NameNode node : dataNodes) {
      withData.add(copy.get(node.name()));
    }
    return new NameTree(origin, copy, withData);
  }

  NameNode apex() {
    return apex;
  }

  /** The node of exactly {@code name}, or null. */
  NameNode get(Name name) {
    return nodes.get(name);
  }

  int size() {
    return nodes.size();
  }

  /** The names that own records, in the order of {@code rrsets} (zone-file order). */
  List<NameNode> dataNodes() {
    return dataNodes;
  }

  /**
   * Finds {@code qname} (at or below the origin) following RFC 1034 §4.3.2 step 3 and RFC 4592
   * §3.3.1: walk down from the apex; a zone cut on the way means a referral (but a DS query at the
   * cut itself belongs to the parent side, RFC 4035 §3.1.4.1); the deepest existing name is the
   * closest encloser; only when the next-closer name is missing may {@code *.<closest encloser>}
   * synthesise an answer. An existing name, empty or not, is never covered by a wildcard.
   */
  NameMatch match(Name qname, boolean dsQuery) {
    int zoneLabels = origin.labels();
    int queryLabels = qname.labels();
    NameNode encloser = apex;
    for (int labels = zoneLabels + 1; labels <= queryLabels; labels++) {
      Name candidate = labels == queryLabels ? qname : new Name(qname, queryLabels - labels);
      NameNode node = nodes.get(candidate);
      if (node == null) {
        return synthesise(encloser);
      }
      boolean parentSideDs = dsQuery && labels == queryLabels;
      if (node.isDelegation() && !parentSideDs) {
        return new NameMatch(NameMatch.Kind.DELEGATION, node);
      }
      encloser = node;
    }
    return new NameMatch(NameMatch.Kind.EXACT, encloser);
  }

  private NameMatch synthesise(NameNode closestEncloser) {
    NameNode source;
    try {
      source = nodes.get(Name.concatenate(WILDCARD_LABEL, closestEncloser.name()));
    } catch (NameTooLongException e) {
      source = null;
    }
    return source != null
        ? new NameMatch(NameMatch.Kind.WILDCARD, source)
        : new NameMatch(NameMatch.Kind.NXDOMAIN, closestEncloser);
  }

  private static boolean hasType(List<RrSet> rrsets, int type) {
    for (RrSet rrset : rrsets) {
      if (rrset.type() == type) {
        return true;
      }
    }
    return false;
  }

  /** All owner names with data, for tests and tools. */
  List<Name> names() {
    return new ArrayList<>(nodes.keySet());
  }
}
