package org.webplatform.appliance.dns.zone;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Turns the zones as loaded (DYNA names without addresses) into the zones served: every DYNA name
 * gets the A and AAAA RRsets its pool answers now. Called on every zone reload and every change of
 * a pool's answer; the result is a new immutable {@link ZoneSet}, so the responder's memo of
 * pre-encoded answers starts afresh by itself and the answer code needs no notion of pools.
 * Zones without DYNA names are shared with the loaded set; a set without any is returned as is.
 *
 * <p>Cost: one copy of the name map of each zone with DYNA names per change. Pool answers change
 * rarely (health transitions, admin overrides), so this is far off the query path. Stateless.
 */
public final class DynamicZones {
  private DynamicZones() {}

  /**
   * @param loaded the zones as read from the files
   * @param answers the current answer of a pool by name; every pool a DYNA entry names (the
   *     loader checked that they exist)
   */
  public static ZoneSet materialise(ZoneSet loaded, Function<String, DynamicAnswer> answers) {
    Map<Name, Zone> served = null;
    for (Zone zone : loaded.zones()) {
      if (zone.dynamic().isEmpty()) {
        continue;
      }
      if (served == null) {
        served = new HashMap<>();
        for (Zone each : loaded.zones()) {
          served.put(each.origin(), each);
        }
      }
      served.put(zone.origin(), zone.withDynamic(rrsets(zone.dynamic(), answers)));
    }
    return served == null ? loaded : new ZoneSet(served);
  }

  private static Map<Name, List<RrSet>> rrsets(
      List<DynaEntry> entries, Function<String, DynamicAnswer> answers) {
    Map<Name, List<RrSet>> byOwner = new LinkedHashMap<>();
    for (DynaEntry entry : entries) {
      DynamicAnswer answer = answers.apply(entry.pool());
      if (answer == null) {
        throw new IllegalStateException("no answer for pool " + entry.pool());
      }
      long ttl = entry.ttl().orElse(answer.ttl());
      List<RrSet> sets = new ArrayList<>(2);
      addFamily(sets, entry.owner(), ttl, answer, true);
      addFamily(sets, entry.owner(), ttl, answer, false);
      byOwner.put(entry.owner(), sets);
    }
    return byOwner;
  }

  private static void addFamily(
      List<RrSet> into, Name owner, long ttl, DynamicAnswer answer, boolean ipv4) {
    List<Record> records = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    for (int i = 0; i < answer.addresses().size(); i++) {
      InetAddress address = answer.addresses().get(i);
      if ((address instanceof Inet4Address) != ipv4) {
        continue;
      }
      records.add(
          ipv4
              ? new ARecord(owner, DClass.IN, ttl, address)
              : new AAAARecord(owner, DClass.IN, ttl, address));
      if (answer.selection() == DynamicAnswer.Selection.ONE_BY_WEIGHT) {
        weights.add(answer.weights().get(i));
      }
    }
    if (records.isEmpty()) {
      return;
    }
    int type = ipv4 ? Type.A : Type.AAAA;
    into.add(
        switch (answer.selection()) {
          case ALL -> new RrSet(owner, type, ttl, records);
          case ROTATE -> RrSet.rotating(owner, type, ttl, records);
          case ONE_BY_WEIGHT -> RrSet.weighted(owner, type, ttl, records, weights);
        });
  }
}
