package org.webplatform.appliance.dns.answer;

import java.util.List;
import org.webplatform.appliance.dns.zone.RrSet;
import org.xbill.DNS.Rcode;

/**
 * The answer to a question outside our zones, from an upstream server or the forwarding cache,
 * before it is written for one client.
 *
 * @param rcode NOERROR or NXDOMAIN as the upstream said; SERVFAIL when no upstream answered
 * @param ttlLimit no record is written with a TTL above this (the cache entry's lifetime, so that
 *     a client never keeps data longer than we do)
 * @param age whole seconds the answer has spent in the cache, taken off every TTL (RFC 1035
 *     §3.2.1, RFC 2308 §5)
 */
public record Resolution(
    int rcode,
    List<RrSet> answer,
    List<RrSet> authority,
    List<RrSet> additional,
    long ttlLimit,
    long age) {

  /** No upstream gave an answer (RFC 1035 §4.1.1 server failure). */
  public static final Resolution SERVFAIL =
      new Resolution(Rcode.SERVFAIL, List.of(), List.of(), List.of(), 0, 0);

  public Resolution {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
  }

  /** The same data {@code seconds} older. */
  public Resolution aged(long seconds) {
    return new Resolution(rcode, answer, authority, additional, ttlLimit, age + seconds);
  }

  /** The TTL to write for {@code rrset}: capped by the limit, less the age, never negative. */
  public long ttl(RrSet rrset) {
    return Math.max(0, Math.min(rrset.ttl(), ttlLimit) - age);
  }
}
