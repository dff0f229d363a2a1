package org.webplatform.appliance.dns.answer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.webplatform.appliance.dns.zone.NameMatch;
import org.webplatform.appliance.dns.zone.NameNode;
import org.webplatform.appliance.dns.zone.RrSet;
import org.webplatform.appliance.dns.zone.Zone;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Decides the content of the response to an IN-class data query from a zone snapshot, following
 * RFC 1034 §4.3.2 with these choices:
 *
 * <ul>
 *   <li>Minimal responses like gdnsd: a positive answer has only the answer section.
 *   <li>CNAMEs are followed inside every zone served here, as NSD and BIND do (gdnsd does not):
 *       stub resolvers talk to the appliance directly. At most {@value #MAX_CNAMES} CNAMEs, and a
 *       loop ends the chain. A chain that leaves our zones, or runs into a delegation, ends with
 *       the CNAMEs. A chain ending in a missing name is NXDOMAIN, one ending in a name without the
 *       type NODATA, with the SOA of the zone the chain ended in (RFC 6604 §2, RFC 2308 §2.1).
 *   <li>ANY (RFC 8482 §4.1): one RRset, the one with the lowest type code at the name (like Knot).
 *       This returns real data rather than gdnsd's synthetic HINFO, and needs no special case for
 *       wildcards or CNAMEs.
 *   <li>Referrals: NS RRset of the cut in authority, AA clear; addresses of NS targets below the
 *       cut are required glue, addresses of other NS targets in the same zone optional.
 * </ul>
 *
 * Stateless and thread-safe.
 */
final class AnswerPlanner {
  static final int MAX_CNAMES = 8;

  private AnswerPlanner() {}

  /** The plan for {@code qname}/{@code qtype}, or null when no zone here covers the name. */
  static AnswerPlan plan(ZoneSet zones, Name qname, int qtype) {
    Zone zone = zones.findZone(qname);
    if (zone == null) {
      return null;
    }
    List<RrSetRef> answer = new ArrayList<>(2);
    Set<Name> visited = null;
    Name current = qname;
    while (true) {
      NameMatch match = zone.match(current, qtype == Type.DS);
      if (match.kind() == NameMatch.Kind.DELEGATION) {
        return answer.isEmpty() ? referral(zone, match.node()) : positive(answer);
      }
      if (match.kind() == NameMatch.Kind.NXDOMAIN) {
        return negative(Rcode.NXDOMAIN, answer, zone);
      }
      // EXACT or WILDCARD: the node's data, written with the query name as owner.
      NameNode node = match.node();
      RrSet cname = node.get(Type.CNAME);
      if (cname != null && qtype != Type.CNAME && qtype != Type.ANY) {
        answer.add(RrSetRef.of(current, cname));
        Name target = ((CNAMERecord) cname.record(0)).getTarget();
        if (visited == null) {
          visited = new HashSet<>();
        }
        visited.add(current);
        Zone next = zones.findZone(target);
        if (answer.size() >= MAX_CNAMES || visited.contains(target) || next == null) {
          return positive(answer);
        }
        zone = next;
        current = target;
        continue;
      }
      RrSet data = qtype == Type.ANY ? node.first() : node.get(qtype);
      if (data == null) {
        return negative(Rcode.NOERROR, answer, zone);
      }
      answer.add(RrSetRef.of(current, data));
      return positive(answer);
    }
  }

  private static AnswerPlan positive(List<RrSetRef> answer) {
    return new AnswerPlan(Rcode.NOERROR, true, answer, List.of(), List.of(), List.of());
  }

  /** NXDOMAIN or NODATA: the zone's SOA in authority at the negative TTL (RFC 2308 §3, §5). */
  private static AnswerPlan negative(int rcode, List<RrSetRef> answer, Zone zone) {
    RrSetRef soa = new RrSetRef(zone.origin(), zone.soa(), zone.negativeTtl());
    return new AnswerPlan(rcode, true, answer, List.of(soa), List.of(), List.of());
  }

  private static AnswerPlan referral(Zone zone, NameNode cut) {
    RrSet ns = cut.get(Type.NS);
    List<RrSetRef> required = new ArrayList<>();
    List<RrSetRef> optional = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    for (int i = 0; i < ns.size(); i++) {
      Name target = ((NSRecord) ns.record(i)).getTarget();
      if (!seen.add(target) || !target.subdomain(zone.origin())) {
        continue;
      }
      NameNode node = zone.node(target);
      if (node == null) {
        continue;
      }
      // RFC 9471 §2.1: in-domain glue (targets below the cut) is required; sibling glue and
      // other in-zone addresses only help.
      List<RrSetRef> into = target.subdomain(cut.name()) ? required : optional;
      addIfPresent(into, node, Type.A);
      addIfPresent(into, node, Type.AAAA);
    }
    return new AnswerPlan(
        Rcode.NOERROR, false, List.of(), List.of(RrSetRef.of(cut.name(), ns)), required, optional);
  }

  private static void addIfPresent(List<RrSetRef> into, NameNode node, int type) {
    RrSet rrset = node.get(type);
    if (rrset != null) {
      into.add(RrSetRef.of(node.name(), rrset));
    }
  }
}
