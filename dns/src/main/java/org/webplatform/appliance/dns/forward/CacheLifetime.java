package org.webplatform.appliance.dns.forward;

import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * How long an upstream response may be served from the cache, in whole seconds (RFC 1035
 * §3.2.1, RFC 2308):
 *
 * <ul>
 *   <li>positive (NOERROR with answer records): the lowest TTL in the answer section, at most
 *       {@code dns.cache_max_ttl};
 *   <li>negative (NXDOMAIN, or NOERROR without answer records = NODATA): min(SOA TTL, SOA
 *       MINIMUM) of the SOA in the authority section (RFC 2308 §5), at most {@code
 *       dns.cache_max_negative_ttl}; a CNAME chain ending in a negative answer lives no longer
 *       than either part;
 *   <li>not at all: a negative response without an SOA (a referral or a lame answer, RFC 2308
 *       §5: SHOULD NOT be cached), a truncated response, any other RCODE (SERVFAIL is never
 *       cached, RFC 2308 §7.1 makes that optional), and a lifetime of 0.
 * </ul>
 */
final class CacheLifetime {
  /** Returned for responses that must not be cached. */
  static final long UNCACHEABLE = -1;

  private CacheLifetime() {}

  /** Seconds to cache {@code response}: 0 or {@link #UNCACHEABLE} mean not at all. */
  static long of(Message response, long maxTtl, long maxNegativeTtl) {
    if (response.getHeader().getFlag(Flags.TC)) {
      return UNCACHEABLE;
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return UNCACHEABLE;
    }
    long negative = negativeTtl(response.getSection(Section.AUTHORITY), maxNegativeTtl);
    List<Record> answer = response.getSection(Section.ANSWER);
    if (rcode == Rcode.NXDOMAIN || answer.isEmpty()) {
      return negative;
    }
    long ttl = maxTtl;
    for (Record record : answer) {
      ttl = Math.min(ttl, record.getTTL());
    }
    return negative == UNCACHEABLE ? ttl : Math.min(ttl, negative);
  }

  private static long negativeTtl(List<Record> authority, long maxNegativeTtl) {
    for (Record record : authority) {
      if (record instanceof SOARecord soa) {
        return Math.min(Math.min(soa.getTTL(), soa.getMinimum()), maxNegativeTtl);
      }
    }
    return UNCACHEABLE;
  }
}
