package org.webplatform.appliance.dns.zone;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the names of one pool answer right now: addresses of both families (IPv4 become A records,
 * IPv6 AAAA records) and how a response picks among them. Produced by the pool runtime, turned
 * into RRsets by {@link DynamicZones}. Immutable; equal answers mean no change to serve.
 *
 * @param ttl TTL of the records, unless the DYNA line gives its own
 * @param addresses in answer order
 * @param weights for {@link Selection#ONE_BY_WEIGHT}: one positive weight per address; else empty
 */
public record DynamicAnswer(
    long ttl, Selection selection, List<InetAddress> addresses, List<Integer> weights) {

  /** How one response is made from the addresses of a family. */
  public enum Selection {
    /** All of them, in the given order (failover): memoised like static data. */
    ALL,
    /** All of them, in an order rotated per query (round robin). */
    ROTATE,
    /** One of them per query, by weight (weighted). */
    ONE_BY_WEIGHT
  }

  public DynamicAnswer {
    Objects.requireNonNull(selection, "selection");
    addresses = List.copyOf(addresses);
    weights = List.copyOf(weights);
    if (selection == Selection.ONE_BY_WEIGHT && weights.size() != addresses.size()) {
      throw new IllegalArgumentException("one weight per address is required");
    }
  }
}
