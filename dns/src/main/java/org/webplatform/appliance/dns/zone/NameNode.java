package org.webplatform.appliance.dns.zone;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * One name of a zone's tree: its RRsets sorted by type, or none for an empty non-terminal
 * (RFC 8020: the name exists). Immutable and thread-safe.
 */
public final class NameNode {
  private final Name name;
  private final RrSet[] rrsets;
  private final boolean delegation;

  NameNode(Name name, List<RrSet> rrsetsByType, boolean delegation) {
    this.name = name;
    this.rrsets = rrsetsByType.toArray(new RrSet[0]);
    this.delegation = delegation;
  }

  /** The owner name in lower case. */
  public Name name() {
    return name;
  }

  /** The RRset of {@code type}, or null. */
  public RrSet get(int type) {
    for (RrSet rrset : rrsets) {
      if (rrset.type() == type) {
        return rrset;
      }
    }
    return null;
  }

  /** Every RRset of the node, sorted by type. */
  List<RrSet> rrsets() {
    return List.of(rrsets);
  }

  /** The RRset with the lowest type code (canonical order), or null for an empty node. */
  public RrSet first() {
    return rrsets.length == 0 ? null : rrsets[0];
  }

  /** True for an empty non-terminal: the name exists only because names below it do. */
  public boolean isEmpty() {
    return rrsets.length == 0;
  }

  /** True when this name is a zone cut: NS records at a name other than the apex. */
  public boolean isDelegation() {
    return delegation;
  }
}
