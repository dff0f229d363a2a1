package org.webplatform.appliance.dns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** DYNA records: reading, the checks against static data and pools, and materialising answers. */
class DynaZoneTest {
  private static final String HEAD =
      "$TTL 3600\n" // line 1
          + "@ IN SOA ns1 hostmaster 42 7200 3600 1209600 300\n" // line 2
          + "  IN NS ns1\n" // line 3
          + "ns1 IN A 192.0.2.53\n"; // line 4
  private static final Set<String> POOLS = Set.of("masterdb", "accounts");

  @TempDir Path dir;

  private ZoneSetLoad load(String body) throws IOException {
    Files.writeString(dir.resolve("t.internal"), HEAD + body);
    return ZoneDirectory.load(dir, ZoneSet.EMPTY, List.of(), POOLS);
  }

  private List<String> errors(String body) throws IOException {
    ZoneSetLoad load = load(body);
    assertNull(load.zones().zone(name("t.internal.")), "a zone with errors is not loaded");
    return load.errors().stream()
        .map(e -> e.toString().replace(dir.resolve("t.internal").toString(), "t.internal"))
        .toList();
  }

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }

  private static InetAddress ip(String text) throws IOException {
    return InetAddress.getByName(text);
  }

  @Test
  void dynaLinesAreKeptApartWithTheirPoolAndOptionalTtl() throws IOException {
    ZoneSetLoad load =
        load("db DYNA masterdb\n" + "accounts 20 IN DYNA accounts\n" + "accounts MX 10 mail\n");
    assertEquals(List.of(), load.errors());
    Zone zone = load.zones().zone(name("t.internal."));
    assertEquals(2, zone.dynamic().size());
    DynaEntry db = zone.dynamic().get(0);
    assertEquals(name("db.t.internal."), db.owner());
    assertEquals("masterdb", db.pool());
    assertTrue(db.ttl().isEmpty(), "$TTL does not apply to DYNA: the pool's TTL does");
    assertEquals(20, zone.dynamic().get(1).ttl().getAsLong());
    // As loaded, the name exists without addresses (NODATA), beside its other data.
    assertEquals(NameMatch.Kind.EXACT, zone.match(name("db.t.internal."), false).kind());
    assertNull(zone.node(name("db.t.internal.")).get(Type.A));
    assertTrue(zone.node(name("accounts.t.internal.")).get(Type.MX) != null);
  }

  @Test
  void dynaMistakesAreZoneErrorsAtTheirLines() throws IOException {
    assertEquals(
        List.of("t.internal:5: DYNA pool 'nosuch' is not defined in dns.pools (defined: accounts,"
            + " masterdb)"),
        errors("db DYNA nosuch\n"));
    assertEquals(
        List.of("t.internal:6: DYNA not allowed alongside A records at db.t.internal. (line 5):"
            + " the pool answers A and AAAA"),
        errors("db A 10.0.0.1\ndb DYNA masterdb\n"));
    assertEquals(
        List.of("t.internal:5: DYNA not allowed alongside CNAME records at db.t.internal. (line"
            + " 6): the pool answers A and AAAA"),
        errors("db DYNA masterdb\ndb CNAME other\n"));
    assertEquals(
        List.of("t.internal:6: more than one DYNA record at db.t.internal. (first on line 5)"),
        errors("db DYNA masterdb\ndb DYNA accounts\n"));
    assertEquals(
        List.of("t.internal:6: DYNA not allowed at or below the delegation sub.t.internal."),
        errors("sub NS ns.elsewhere.\nx.sub DYNA masterdb\n"));
    assertEquals(
        List.of("t.internal:5: NS target ns2.t.internal. is a DYNA name (line 6): name servers"
            + " need static addresses"),
        errors("@ NS ns2\nns2 DYNA masterdb\n"));
    assertEquals(
        List.of("t.internal:5: DYNA multifo!masterdb: gdnsd's plugin!resource form is not used"
            + " here; write the pool name alone, its mode is set in dns.pools"),
        errors("db DYNA multifo!masterdb\n"));
    assertEquals(
        List.of("t.internal:5: DYNA takes one argument, the pool name (dns.pools), got 0"),
        errors("db DYNA\n"));
    assertEquals(
        List.of("t.internal:5: class CH is not supported, only IN"), errors("db CH DYNA masterdb\n"));
  }

  @Test
  void withoutPoolsEveryDynaIsAnError() throws IOException {
    Files.writeString(dir.resolve("t.internal"), HEAD + "db DYNA masterdb\n");
    ZoneSetLoad load = ZoneDirectory.load(dir, ZoneSet.EMPTY);
    assertEquals(1, load.errors().size());
    assertTrue(
        load.errors().get(0).message().endsWith("(no pools are configured)"),
        load.errors().toString());
  }

  @Test
  void publishedRecordsSitBesideDynaNamesAndKeepThroughMaterialising() throws IOException {
    Files.writeString(dir.resolve("t.internal"), HEAD + "db DYNA masterdb\n");
    TXTRecord key =
        new TXTRecord(name("s1._domainkey.t.internal."), DClass.IN, 600, "v=DKIM1; p=AAAA");
    TXTRecord beside = new TXTRecord(name("db.t.internal."), DClass.IN, 600, "owner=dba");
    ZoneSetLoad load =
        ZoneDirectory.load(
            dir,
            ZoneSet.EMPTY,
            List.of(
                new PublishedRecord(key, "mail.dkim key s1", record -> true),
                new PublishedRecord(beside, "test", record -> true)),
            POOLS);
    assertEquals(List.of(), load.errors());
    assertEquals(List.of(), load.warnings());
    DynamicAnswer answer =
        new DynamicAnswer(30, DynamicAnswer.Selection.ALL, List.of(ip("10.0.0.11")), List.of());
    Zone zone = DynamicZones.materialise(load.zones(), pool -> answer).zone(name("t.internal."));
    assertEquals("10.0.0.11", zone.node(name("db.t.internal.")).get(Type.A).record(0)
        .rdataToString());
    assertEquals(beside, zone.node(name("db.t.internal.")).get(Type.TXT).record(0));
    assertEquals(key, zone.node(name("s1._domainkey.t.internal.")).get(Type.TXT).record(0));
  }

  @Test
  void materialisingGivesEachFamilyItsRrsetWithThePoolTtl() throws IOException {
    ZoneSet loaded = load("db DYNA masterdb\nshort 5 DYNA masterdb\n*.apps DYNA accounts\n").zones();
    DynamicAnswer masterdb =
        new DynamicAnswer(
            30, DynamicAnswer.Selection.ALL, List.of(ip("10.0.0.11"), ip("fd00::11")), List.of());
    DynamicAnswer accounts =
        new DynamicAnswer(
            10,
            DynamicAnswer.Selection.ROTATE,
            List.of(ip("10.0.0.31"), ip("10.0.0.32")),
            List.of());
    ZoneSet served =
        DynamicZones.materialise(loaded, Map.of("masterdb", masterdb, "accounts", accounts)::get);

    Zone zone = served.zone(name("t.internal."));
    RrSet a = zone.node(name("db.t.internal.")).get(Type.A);
    assertEquals(30, a.ttl());
    assertEquals("10.0.0.11", a.record(0).rdataToString());
    assertFalse(a.perQuery(), "failover answers are memoisable");
    AAAARecord aaaa = (AAAARecord) zone.node(name("db.t.internal.")).get(Type.AAAA).record(0);
    assertEquals(ip("fd00::11"), aaaa.getAddress());
    assertEquals(5, zone.node(name("short.t.internal.")).get(Type.A).ttl(), "line TTL wins");
    // A wildcard DYNA synthesises like any wildcard, rotated per query.
    NameMatch match = zone.match(name("x.apps.t.internal."), false);
    assertEquals(NameMatch.Kind.WILDCARD, match.kind());
    RrSet rotating = match.node().get(Type.A);
    assertTrue(rotating.perQuery());
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      RrSet picked = rotating.pick();
      assertEquals(2, picked.size());
      firsts.add(picked.record(0).rdataToString());
    }
    assertEquals(Set.of("10.0.0.31", "10.0.0.32"), firsts);
    // The loaded set is untouched; the static part of the tree is shared.
    assertNull(loaded.zone(name("t.internal.")).node(name("db.t.internal.")).get(Type.A));
    assertSame(
        loaded.zone(name("t.internal.")).node(name("ns1.t.internal.")),
        zone.node(name("ns1.t.internal.")));
  }

  @Test
  void zonesWithoutDynaAreServedAsLoaded() throws IOException {
    ZoneSet loaded = load("www A 10.0.0.1\n").zones();
    assertSame(loaded, DynamicZones.materialise(loaded, pool -> null));
    ZoneSet withDyna = load("db DYNA masterdb\n").zones();
    DynamicAnswer answer =
        new DynamicAnswer(30, DynamicAnswer.Selection.ALL, List.of(ip("10.0.0.11")), List.of());
    assertNotSame(withDyna, DynamicZones.materialise(withDyna, pool -> answer));
  }

  @Test
  void weightedPicksOneAddressByWeight() throws IOException {
    ZoneSet loaded = load("db DYNA masterdb\n").zones();
    DynamicAnswer weighted =
        new DynamicAnswer(
            30,
            DynamicAnswer.Selection.ONE_BY_WEIGHT,
            List.of(ip("10.0.0.1"), ip("10.0.0.2")),
            List.of(1, 3));
    RrSet a =
        DynamicZones.materialise(loaded, pool -> weighted)
            .zone(name("t.internal."))
            .node(name("db.t.internal."))
            .get(Type.A);
    int second = 0;
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      RrSet picked = a.pick();
      assertEquals(1, picked.size());
      if (picked.record(0).rdataToString().equals("10.0.0.2")) {
        second++;
      }
    }
    // Expected 15000 (3/4); the bound is over 10 standard deviations wide.
    assertTrue(Math.abs(second - 15_000) < 700, "10.0.0.2 drawn " + second + " of " + draws);
  }
}
