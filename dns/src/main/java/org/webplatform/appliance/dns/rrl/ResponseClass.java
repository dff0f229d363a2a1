package org.webplatform.appliance.dns.rrl;

import java.util.Locale;

/**
 * What kind of response a client gets, as NSD and Knot classify them for rate limiting. Each class
 * is limited separately, so that a flood of one kind (say NXDOMAIN for random names) does not
 * starve the client's answers of another, and each is keyed by the name that makes a flood of it
 * one flood: the query name for answers, the zone for negative answers (random names are one
 * attack), the delegation for referrals.
 */
public enum ResponseClass {
  /** Records in the answer section; keyed by query name and type. */
  POSITIVE,
  /** The name does not exist; keyed by the zone (the owner of the SOA in authority). */
  NXDOMAIN,
  /** The name exists without the type; keyed by the zone. */
  NODATA,
  /** Not authoritative, NS in authority; keyed by the delegation point. */
  REFERRAL,
  /** REFUSED, FORMERR, SERVFAIL, NOTIMP, BADVERS...; one bucket per client network. */
  ERROR;

  /** The class as it appears in log lines: {@code nxdomain}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
