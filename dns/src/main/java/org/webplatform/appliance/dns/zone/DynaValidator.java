package org.webplatform.appliance.dns.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Checks the DYNA lines of one zone against its static records and the configured pools, with
 * gdnsd's rules, each problem at the file and line of the offending entry:
 *
 * <ul>
 *   <li>the pool is defined in {@code dns.pools};
 *   <li>the owner is in the zone, has one DYNA at most, and no static A, AAAA or CNAME: the pool
 *       owns the addresses of the name (other types may sit beside it, as in gdnsd);
 *   <li>not at or below a delegation, and not the target of an NS record of the zone: glue and
 *       name servers must not move with health checks.
 * </ul>
 *
 * Stateless.
 */
final class DynaValidator {
  private DynaValidator() {}

  static List<ZoneError> validate(
      Name origin, List<SourceRecord> records, List<DynaEntry> dynamic, Set<String> pools) {
    List<ZoneError> errors = new ArrayList<>();
    if (dynamic.isEmpty()) {
      return errors;
    }
    Map<Name, SourceRecord> addressOrAlias = new HashMap<>();
    Set<Name> cuts = new HashSet<>();
    for (SourceRecord source : records) {
      Name owner = source.record().getName().canonicalize();
      int type = source.record().getType();
      if (type == Type.A || type == Type.AAAA || type == Type.CNAME) {
        addressOrAlias.putIfAbsent(owner, source);
      }
      if (type == Type.NS && !owner.equals(origin)) {
        cuts.add(owner);
      }
    }
    Map<Name, DynaEntry> seen = new HashMap<>();
    for (DynaEntry entry : dynamic) {
      String problem = problem(origin, entry, pools, addressOrAlias, cuts, seen);
      if (problem != null) {
        errors.add(new ZoneError(entry.file(), entry.line(), problem));
      }
      seen.putIfAbsent(entry.owner(), entry);
    }
    for (SourceRecord source : records) {
      if (source.record() instanceof NSRecord ns && seen.containsKey(ns.getTarget())) {
        errors.add(
            new ZoneError(
                source.file(),
                source.line(),
                "NS target " + ns.getTarget() + " is a DYNA name (line "
                    + seen.get(ns.getTarget()).line()
                    + "): name servers need static addresses"));
      }
    }
    return errors;
  }

  private static String problem(
      Name origin,
      DynaEntry entry,
      Set<String> pools,
      Map<Name, SourceRecord> addressOrAlias,
      Set<Name> cuts,
      Map<Name, DynaEntry> seen) {
    Name owner = entry.owner();
    if (!owner.subdomain(origin)) {
      return "owner " + owner + " is outside the zone " + origin;
    }
    if (!pools.contains(entry.pool())) {
      return "DYNA pool '" + entry.pool() + "' is not defined in dns.pools"
          + (pools.isEmpty() ? " (no pools are configured)" : " (defined: "
              + String.join(", ", new TreeSet<>(pools)) + ")");
    }
    DynaEntry first = seen.get(owner);
    if (first != null) {
      return "more than one DYNA record at " + owner + " (first on line " + first.line() + ")";
    }
    SourceRecord clash = addressOrAlias.get(owner);
    if (clash != null) {
      return "DYNA not allowed alongside " + Type.string(clash.record().getType())
          + " records at " + owner + " (line " + clash.line() + "): the pool answers A and AAAA";
    }
    for (int strip = 0; owner.labels() - strip > origin.labels(); strip++) {
      Name ancestor = strip == 0 ? owner : new Name(owner, strip);
      if (cuts.contains(ancestor)) {
        return "DYNA not allowed at or below the delegation " + ancestor;
      }
    }
    return null;
  }
}
