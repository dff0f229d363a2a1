package org.webplatform.appliance.dns.zone;

/**
 * Where a query name lands in one zone (RFC 1034 §4.3.2 step 3, with RFC 4592 wildcards).
 *
 * @param kind what was found
 * @param node for {@link Kind#EXACT} the name's node; for {@link Kind#WILDCARD} the source of
 *     synthesis ({@code *.<closest encloser>}); for {@link Kind#DELEGATION} the zone cut; for
 *     {@link Kind#NXDOMAIN} the closest encloser
 */
public record NameMatch(Kind kind, NameNode node) {

  /** The outcomes of a name lookup. */
  public enum Kind {
    /** The name exists (possibly as an empty non-terminal). */
    EXACT,
    /** The name does not exist but a wildcard at its closest encloser covers it. */
    WILDCARD,
    /** The name is at or below a zone cut: the answer is a referral. */
    DELEGATION,
    /** The name does not exist and no wildcard applies. */
    NXDOMAIN
  }
}
