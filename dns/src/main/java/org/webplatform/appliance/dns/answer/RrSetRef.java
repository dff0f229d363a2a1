package org.webplatform.appliance.dns.answer;

import org.webplatform.appliance.dns.zone.RrSet;
import org.xbill.DNS.Name;

/**
 * An RRset as it goes into a response: with the owner to write (the query name for wildcard
 * answers, RFC 4592 §3.3.1) and the TTL to write (the negative-caching TTL for an SOA in a
 * negative answer, RFC 2308 §3). For a per-query RRset (round-robin and weighted pools) it holds
 * the variant picked for this response.
 */
record RrSetRef(Name owner, RrSet rrset, long ttl) {

  static RrSetRef of(Name owner, RrSet rrset) {
    return new RrSetRef(owner, rrset.pick(), rrset.ttl());
  }
}
