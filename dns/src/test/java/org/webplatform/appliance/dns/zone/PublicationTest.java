package org.webplatform.appliance.dns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Records other roles publish (DKIM keys) merged into the zone that covers them. */
class PublicationTest {
  private static final String HEAD =
      "$TTL 3600\n" // line 1
          + "@ IN SOA ns1 hostmaster 42 7200 3600 1209600 300\n" // line 2
          + "  IN NS ns1\n" // line 3
          + "ns1 IN A 192.0.2.53\n"; // line 4

  @TempDir Path dir;

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }

  private static PublishedRecord key(String owner, String text) {
    TXTRecord record = new TXTRecord(name(owner), DClass.IN, 600, text);
    return new PublishedRecord(
        record,
        "mail.dkim key " + owner,
        zone -> zone instanceof TXTRecord t && t.getStrings().equals(List.of(text)));
  }

  private ZoneSetLoad load(String zoneBody, PublishedRecord... published) throws IOException {
    Files.writeString(dir.resolve("t.internal"), HEAD + zoneBody);
    return ZoneDirectory.load(dir, ZoneSet.EMPTY, List.of(published));
  }

  private static RrSet served(ZoneSetLoad load, String owner, int type) {
    Zone zone = load.zones().findZone(name(owner));
    assertNotNull(zone, owner);
    NameNode node = zone.node(name(owner));
    return node == null ? null : node.get(type);
  }

  @Test
  void aKeyMissingFromTheZoneIsAdded() throws IOException {
    ZoneSetLoad load = load("", key("s1._domainkey.t.internal.", "v=DKIM1; p=AAAA"));
    assertEquals(List.of(), load.errors());
    assertEquals(List.of(), load.warnings());
    RrSet txt = served(load, "s1._domainkey.t.internal.", Type.TXT);
    assertEquals(1, txt.size());
    assertEquals(600, txt.ttl());
    assertEquals(List.of("v=DKIM1; p=AAAA"), ((TXTRecord) txt.record(0)).getStrings());
  }

  @Test
  void aDifferentKeyInTheZoneIsReplacedWithAWarningAtItsLine() throws IOException {
    ZoneSetLoad load =
        load("s1._domainkey IN TXT \"v=DKIM1; p=OLD\"\n", // line 5
            key("s1._domainkey.t.internal.", "v=DKIM1; p=NEW"));
    assertEquals(List.of(), load.errors());
    assertEquals(1, load.warnings().size(), load.warnings().toString());
    ZoneError warning = load.warnings().get(0);
    assertEquals(dir.resolve("t.internal"), warning.file());
    assertEquals(5, warning.line());
    assertTrue(warning.message().contains("differs from mail.dkim key"), warning.toString());
    RrSet txt = served(load, "s1._domainkey.t.internal.", Type.TXT);
    assertEquals(1, txt.size());
    assertEquals(List.of("v=DKIM1; p=NEW"), ((TXTRecord) txt.record(0)).getStrings());
  }

  @Test
  void theSameKeyInTheZoneIsNoWarning() throws IOException {
    ZoneSetLoad load =
        load("s1._domainkey IN TXT \"v=DKIM1; p=SAME\"\n",
            key("s1._domainkey.t.internal.", "v=DKIM1; p=SAME"));
    assertEquals(List.of(), load.warnings());
    assertEquals(1, served(load, "s1._domainkey.t.internal.", Type.TXT).size());
  }

  @Test
  void aKeyTheZoneRulesRejectIsLeftOutAndTheZoneStillLoads() throws IOException {
    // Below a delegation the parent is not authoritative (RFC 1034 §4.2.1).
    ZoneSetLoad load =
        load("sub IN NS ns.sub\nns.sub IN A 192.0.2.9\n",
            key("s1._domainkey.sub.t.internal.", "v=DKIM1; p=X"));
    assertEquals(List.of(), load.errors());
    assertEquals(1, load.warnings().size(), load.warnings().toString());
    assertTrue(load.warnings().get(0).message().contains("not published"),
        load.warnings().toString());
    assertNull(served(load, "s1._domainkey.sub.t.internal.", Type.TXT));
    assertNotNull(served(load, "ns1.t.internal.", Type.A));
  }

  @Test
  void aKeyForANameNoZoneCoversIsIgnored() throws IOException {
    ZoneSetLoad load = load("", key("s1._domainkey.elsewhere.test.", "v=DKIM1; p=X"));
    assertEquals(List.of(), load.errors());
    assertEquals(List.of(), load.warnings());
    assertNull(load.zones().findZone(name("s1._domainkey.elsewhere.test.")));
  }

  @Test
  void theMostSpecificZoneGetsTheKey() throws IOException {
    Files.writeString(dir.resolve("mail.t.internal"),
        HEAD);
    ZoneSetLoad load = load("", key("s1._domainkey.mail.t.internal.", "v=DKIM1; p=X"));
    assertEquals(List.of(), load.errors());
    Zone child = load.zones().zone(name("mail.t.internal."));
    assertNotNull(child.node(name("s1._domainkey.mail.t.internal.")));
    Zone parent = load.zones().zone(name("t.internal."));
    assertNull(parent.node(name("s1._domainkey.mail.t.internal.")));
  }
}
