package org.webplatform.appliance.dns.zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Merges {@link PublishedRecord}s into the records of one zone file before the zone is built.
 *
 * <p>For each published record: the zone's records of the same owner and type are dropped (a
 * warning at the file and line of each one that does not {@link PublishedRecord#agrees agree});
 * then the record is added unless the zone's own rules reject it there (below a delegation, next
 * to a CNAME...), in which case it is left out with a warning and the zone loads as written. A
 * published record therefore never stops a zone from loading.
 */
final class Publication {
  private Publication() {}

  /**
   * @param published records whose most specific served zone is {@code origin}
   * @param warnings receives one entry per replaced disagreeing record or record left out
   * @return the records to build the zone from
   */
  static List<SourceRecord> merge(
      Name origin,
      Path zoneFile,
      List<SourceRecord> zoneRecords,
      List<PublishedRecord> published,
      List<ZoneError> warnings) {
    List<SourceRecord> merged = new ArrayList<>(zoneRecords);
    for (PublishedRecord publish : published) {
      Record record = publish.record();
      List<SourceRecord> candidate = new ArrayList<>(merged.size() + 1);
      for (SourceRecord source : merged) {
        if (sameRrset(source.record(), record)) {
          if (!publish.agrees().test(source.record())) {
            warnings.add(new ZoneError(source.file(), source.line(),
                "warning: " + typeAndOwner(record) + " differs from " + publish.origin()
                    + "; the configured record is served instead"));
          }
        } else {
          candidate.add(source);
        }
      }
      candidate.add(new SourceRecord(record, zoneFile, 0));
      List<ZoneError> rejected = ZoneValidator.validate(origin, zoneFile, candidate);
      if (rejected.isEmpty()) {
        merged = candidate;
      } else {
        warnings.add(new ZoneError(zoneFile, 0, "warning: " + publish.origin() + ": "
            + typeAndOwner(record) + " not published: " + rejected.get(0).message()));
      }
    }
    return merged;
  }

  private static boolean sameRrset(Record a, Record b) {
    return a.getType() == b.getType() && a.getName().equals(b.getName());
  }

  private static String typeAndOwner(Record record) {
    return org.xbill.DNS.Type.string(record.getType()) + " " + record.getName();
  }
}
