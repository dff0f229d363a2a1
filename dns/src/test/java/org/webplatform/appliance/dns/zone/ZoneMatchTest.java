package org.webplatform.appliance.dns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

/** Closest-encloser lookups (RFC 1034 §4.3.2, RFC 4592 §3.3.1) on the zone tree directly. */
class ZoneMatchTest {
  @TempDir static Path dir;
  static Zone zone;

  @BeforeAll
  static void load() throws IOException {
    Files.writeString(dir.resolve("t.internal"), "$TTL 60\n"
        + "@ IN SOA ns h 1 2 3 4 5\n  IN NS ns\nns IN A 192.0.2.1\n"
        + "*.w IN A 192.0.2.2\nhost.w IN A 192.0.2.3\na.b.ent IN A 192.0.2.4\n"
        + "cut IN NS ns.cut\nns.cut IN A 192.0.2.5\n");
    ZoneSetLoad load = ZoneDirectory.load(dir, ZoneSet.EMPTY);
    assertEquals(0, load.errors().size(), load.errors().toString());
    zone = load.zones().zone(Name.fromConstantString("t.internal."));
  }

  @ParameterizedTest(name = "{0} (ds={1}) -> {2} at {3}")
  @CsvSource({
    "t.internal,            false, EXACT,      t.internal",
    "NS.T.Internal,         false, EXACT,      ns.t.internal",
    "x.w.t.internal,        false, WILDCARD,   *.w.t.internal",
    "x.y.w.t.internal,      false, WILDCARD,   *.w.t.internal",
    "host.w.t.internal,     false, EXACT,      host.w.t.internal",
    "x.host.w.t.internal,   false, NXDOMAIN,   host.w.t.internal",
    "w.t.internal,          false, EXACT,      w.t.internal",
    "b.ent.t.internal,      false, EXACT,      b.ent.t.internal",
    "x.b.ent.t.internal,    false, NXDOMAIN,   b.ent.t.internal",
    "nope.t.internal,       false, NXDOMAIN,   t.internal",
    "cut.t.internal,        false, DELEGATION, cut.t.internal",
    "cut.t.internal,        true,  EXACT,      cut.t.internal",
    "ns.cut.t.internal,     false, DELEGATION, cut.t.internal",
    "x.ns.cut.t.internal,   true,  DELEGATION, cut.t.internal",
  })
  void queryNameLandsOnTheRightNode(String qname, boolean ds, String kind, String node) {
    NameMatch match = zone.match(Name.fromConstantString(qname + "."), ds);
    assertEquals(NameMatch.Kind.valueOf(kind), match.kind());
    assertEquals(Name.fromConstantString(node + "."), match.node().name());
  }
}
