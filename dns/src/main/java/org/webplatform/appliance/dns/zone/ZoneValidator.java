package org.webplatform.appliance.dns.zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Checks the records of one zone the way gdnsd does before a zone may be served. Every problem is
 * reported at the file and line of the offending record. Stateless.
 *
 * <ul>
 *   <li>every owner is at or below the zone name;
 *   <li>exactly one SOA, at the apex, and an NS RRset at the apex (RFC 1035 §5.2,
 *       RFC 1034 §4.2.1);
 *   <li>CNAME is not at the apex, not with other data and not more than one (RFC 1034 §3.6.2,
 *       RFC 2181 §10.1);
 *   <li>at a zone cut only NS, DS and address records; below it only address (glue) and NS
 *       records, never a wildcard (RFC 1034 §4.2.1 data below a cut is not authoritative);
 *   <li>no wildcard NS (RFC 4592 §4.2);
 *   <li>no meta types, no OPT, and no DNAME (not implemented, as in gdnsd).
 * </ul>
 */
final class ZoneValidator {
  private ZoneValidator() {}

  static List<ZoneError> validate(Name origin, Path zoneFile, List<SourceRecord> records) {
    List<ZoneError> errors = new ArrayList<>();
    Map<Name, List<SourceRecord>> byOwner = new LinkedHashMap<>();
    SourceRecord soa = null;
    for (SourceRecord source : records) {
      Name owner = source.record().getName();
      int type = source.record().getType();
      if (!owner.subdomain(origin)) {
        errors.add(error(source, "owner " + owner + " is outside the zone " + origin));
        continue;
      }
      if (type == Type.DNAME) {
        errors.add(error(source, "DNAME records are not supported"));
        continue;
      }
      if (type == Type.OPT || (type >= 128 && type <= 255) || type == 0) {
        errors.add(error(source, Type.string(type) + " is not a data type for zone files"));
        continue;
      }
      if (type == Type.SOA) {
        if (!owner.equals(origin)) {
          errors.add(error(source, "SOA record must be at the zone apex " + origin));
          continue;
        }
        if (soa != null) {
          errors.add(error(source, "more than one SOA record (first on line " + soa.line() + ")"));
          continue;
        }
        soa = source;
      }
      if (type == Type.NS && owner.isWild()) {
        errors.add(error(source, "wildcard NS records (delegations) are not allowed"));
        continue;
      }
      byOwner.computeIfAbsent(owner.canonicalize(), k -> new ArrayList<>()).add(source);
    }
    if (soa == null) {
      errors.add(new ZoneError(zoneFile, 0, "zone " + origin + " has no SOA record at the apex"));
    }
    List<SourceRecord> apex = byOwner.getOrDefault(origin.canonicalize(), List.of());
    if (apex.stream().noneMatch(s -> s.record().getType() == Type.NS)) {
      int line = soa != null && soa.file().equals(zoneFile) ? soa.line() : 0;
      errors.add(
          new ZoneError(zoneFile, line, "zone " + origin + " has no NS records at the apex"));
    }
    Set<Name> cuts = new HashSet<>();
    for (Map.Entry<Name, List<SourceRecord>> entry : byOwner.entrySet()) {
      checkCname(origin, entry.getKey(), entry.getValue(), errors);
      boolean hasNs = entry.getValue().stream().anyMatch(s -> s.record().getType() == Type.NS);
      if (hasNs && !entry.getKey().equals(origin)) {
        cuts.add(entry.getKey());
      }
    }
    for (Map.Entry<Name, List<SourceRecord>> entry : byOwner.entrySet()) {
      checkDelegation(origin, entry.getKey(), entry.getValue(), cuts, errors);
    }
    errors.sort(Comparator.comparing((ZoneError e) -> e.file().toString()).thenComparingInt(
        ZoneError::line));
    return errors;
  }

  private static void checkCname(
      Name origin, Name owner, List<SourceRecord> records, List<ZoneError> errors) {
    boolean sawCname = false;
    boolean sawOther = false;
    for (SourceRecord source : records) {
      boolean cname = source.record().getType() == Type.CNAME;
      if (cname && owner.equals(origin)) {
        errors.add(error(source, "CNAME not allowed at the zone apex " + origin));
        return;
      }
      if (cname && sawCname) {
        errors.add(error(source, "more than one CNAME record at " + owner));
        return;
      }
      if ((cname && sawOther) || (!cname && sawCname)) {
        errors.add(error(source, "CNAME not allowed alongside other data at " + owner));
        return;
      }
      sawCname |= cname;
      sawOther |= !cname;
    }
  }

  private static void checkDelegation(
      Name origin, Name owner, List<SourceRecord> records, Set<Name> cuts, List<ZoneError> errors) {
    Name cutAbove = null;
    for (int strip = 1; owner.labels() - strip > origin.labels(); strip++) {
      Name ancestor = new Name(owner, strip);
      if (cuts.contains(ancestor)) {
        cutAbove = ancestor;
      }
    }
    if (cutAbove != null && owner.isWild()) {
      errors.add(error(records.get(0),
          owner + " is inside the delegation " + cutAbove + ": wildcards are not allowed for"
              + " delegation or glue data"));
      return;
    }
    for (SourceRecord source : records) {
      int type = source.record().getType();
      boolean address = type == Type.A || type == Type.AAAA;
      if (cutAbove != null && !address && type != Type.NS) {
        errors.add(error(source,
            owner + " is inside the delegation " + cutAbove + ", and can only have NS and"
                + " address (glue) records, not " + Type.string(type)));
        return;
      }
      if (cutAbove == null && cuts.contains(owner) && !address && type != Type.NS
          && type != Type.DS) {
        errors.add(error(source,
            owner + " is a delegation point and can only have NS, DS and address records, not "
                + Type.string(type)));
        return;
      }
    }
  }

  private static ZoneError error(SourceRecord source, String message) {
    return new ZoneError(source.file(), source.line(), message);
  }
}
