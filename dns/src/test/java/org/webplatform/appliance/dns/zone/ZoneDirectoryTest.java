package org.webplatform.appliance.dns.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class ZoneDirectoryTest {
  private static final String HEAD =
      "$TTL 3600\n" // line 1
          + "@ IN SOA ns1 hostmaster 42 7200 3600 1209600 300\n" // line 2
          + "  IN NS ns1\n" // line 3
          + "ns1 IN A 192.0.2.53\n"; // line 4

  @TempDir Path dir;

  private Path write(String file, String text) throws IOException {
    Path path = dir.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
    return path;
  }

  private ZoneSetLoad load() {
    return ZoneDirectory.load(dir, ZoneSet.EMPTY);
  }

  private static Name name(String text) {
    return Name.fromConstantString(text);
  }

  /** Loads {@code HEAD + body} as zone t.internal and returns the single error. */
  private ZoneError singleError(String body) throws IOException {
    write("t.internal", HEAD + body);
    ZoneSetLoad load = load();
    assertEquals(1, load.errors().size(), load.errors().toString());
    assertNull(load.zones().zone(name("t.internal.")), "a zone with errors is not loaded");
    return load.errors().get(0);
  }

  private void assertError(ZoneError error, String file, int line, String fragment) {
    assertEquals(dir.resolve(file), error.file());
    assertEquals(line, error.line(), error.toString());
    assertTrue(error.message().contains(fragment), error.toString());
  }

  // --- file names ---------------------------------------------------------------------------

  @Test
  void everyRegularFileIsAZoneNamedAfterIt() throws IOException {
    write("a.internal", HEAD);
    String external = "@ 60 IN SOA ns1.a.internal. h.a.internal. 42 1 2 3 4\n"
        + "  IN NS ns1.a.internal.\n";
    write("B.Internal.", external);
    write("0@26.2.0.192.in-addr.arpa", external);
    write("ROOT_ZONE", external);
    write(".hidden", "garbage");
    write("includes/ignored", "garbage");
    ZoneSetLoad load = load();
    assertEquals(List.of(), load.errors());
    assertEquals(
        Map.of("a.internal.", 42L, "b.internal.", 42L, "0/26.2.0.192.in-addr.arpa.", 42L, ".",
            42L),
        load.zones().serials());
  }

  @Test
  void twoFilesForTheSameZoneAreBothErrors() throws IOException {
    write("dup.internal", HEAD);
    write("DUP.internal.", HEAD);
    ZoneSetLoad load = load();
    assertEquals(2, load.errors().size());
    assertTrue(load.errors().get(0).message().contains("more than one file"));
    assertEquals(0, load.zones().size());
  }

  // --- syntax -------------------------------------------------------------------------------

  @Test
  void syntaxErrorIsReportedAtItsLine() throws IOException {
    ZoneError error = singleError("www IN A 10.0.0.300\n");
    assertError(error, "t.internal", 5, "10.0.0.300");
    assertEquals(dir.resolve("t.internal") + ":5: " + error.message(), error.toString());
  }

  @Test
  void multiLineRecordErrorsPointAtItsFirstLine() throws IOException {
    ZoneError error = singleError("; comment\nbad IN MX (\n  10\n  ) ; no exchange\n");
    assertError(error, "t.internal", 6, "MX");
  }

  @Test
  void unknownTypeAndForeignClassAreErrors() throws IOException {
    assertError(singleError("x IN BOGUS 1\n"), "t.internal", 5, "BOGUS");
    assertError(singleError("x CH TXT \"a\"\n"), "t.internal", 5, "class CH");
  }

  @Test
  void generateIsRefused() throws IOException {
    assertError(singleError("$GENERATE 1-4 h$ A 192.0.2.$\n"), "t.internal", 5, "$GENERATE");
  }

  @Test
  void commentsQuotesAndParenthesesAreParsed() throws IOException {
    write("t.internal", HEAD
        + "txt IN TXT \"a ; not a comment\" ( \"second\"\n \"third\" ) ; comment\n"
        + "esc IN TXT \"quote \\\" and \\065\"\n");
    Zone zone = load().zones().zone(name("t.internal."));
    assertNotNull(zone);
    RrSet txt = zone.node(name("txt.t.internal.")).get(Type.TXT);
    assertEquals("\"a ; not a comment\" \"second\" \"third\"", txt.record(0).rdataToString());
    RrSet esc = zone.node(name("esc.t.internal.")).get(Type.TXT);
    assertEquals("\"quote \\\" and A\"", esc.record(0).rdataToString());
  }

  @Test
  void ttlDefaultsFollowTtlDirectiveThenGdnsdDefault() throws IOException {
    write("t.internal", "@ IN SOA ns1 hostmaster 1 2 3 4 5\n  IN NS ns1\nns1 IN A 192.0.2.1\n"
        + "$TTL 120\nlater IN A 192.0.2.2\nexplicit 7 IN A 192.0.2.3\n");
    Zone zone = load().zones().zone(name("t.internal."));
    assertEquals(86400, zone.node(name("ns1.t.internal.")).get(Type.A).ttl());
    assertEquals(120, zone.node(name("later.t.internal.")).get(Type.A).ttl());
    assertEquals(7, zone.node(name("explicit.t.internal.")).get(Type.A).ttl());
  }

  @Test
  void negativeTtlIsTheSmallerOfSoaTtlAndMinimum() throws IOException {
    write("t.internal", HEAD);
    assertEquals(300, load().zones().zone(name("t.internal.")).negativeTtl());
  }

  // --- validation ---------------------------------------------------------------------------

  @Test
  void recordOutsideTheZoneIsAnError() throws IOException {
    assertError(singleError("www.example.com. IN A 192.0.2.1\n"), "t.internal", 5, "outside");
  }

  @Test
  void zoneWithoutSoaIsAnError() throws IOException {
    write("t.internal", "$TTL 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
    List<ZoneError> errors = load().errors();
    assertEquals(1, errors.size());
    assertError(errors.get(0), "t.internal", 0, "no SOA");
  }

  @Test
  void secondSoaIsAnErrorAtItsLine() throws IOException {
    assertError(singleError("@ IN SOA ns1 h 43 1 2 3 4\n"), "t.internal", 5, "more than one SOA");
  }

  @Test
  void soaBelowTheApexIsAnError() throws IOException {
    assertError(singleError("x IN SOA ns1 h 43 1 2 3 4\n"), "t.internal", 5, "apex");
  }

  @Test
  void zoneWithoutApexNsIsAnError() throws IOException {
    write("t.internal", "$TTL 60\n@ IN SOA ns1 h 1 2 3 4 5\nns1 IN A 192.0.2.1\n");
    List<ZoneError> errors = load().errors();
    assertEquals(1, errors.size());
    assertError(errors.get(0), "t.internal", 2, "no NS");
  }

  @Test
  void cnameAlongsideOtherDataIsAnErrorAtTheLaterRecord() throws IOException {
    assertError(singleError("www IN A 192.0.2.1\nwww IN CNAME ns1\n"), "t.internal", 6,
        "CNAME not allowed alongside other data");
    assertError(singleError("www IN CNAME ns1\n\nwww IN TXT \"x\"\n"), "t.internal", 7,
        "CNAME not allowed alongside other data");
  }

  @Test
  void cnameAtTheApexIsAnError() throws IOException {
    assertError(singleError("@ IN CNAME other.example.\n"), "t.internal", 5, "apex");
  }

  @Test
  void dataBelowADelegationOtherThanGlueIsAnError() throws IOException {
    String delegation = "sub IN NS ns.sub\nns.sub IN A 192.0.2.9\n";
    write("t.internal", HEAD + delegation);
    assertEquals(List.of(), load().errors(), "address glue is fine");
    assertError(singleError(delegation + "www.sub IN TXT \"x\"\n"), "t.internal", 7,
        "inside the delegation");
    assertError(singleError(delegation + "sub IN MX 10 ns1\n"), "t.internal", 7,
        "delegation point");
    assertError(singleError(delegation + "*.sub IN A 192.0.2.1\n"), "t.internal", 7,
        "wildcards are not allowed");
  }

  @Test
  void wildcardNsIsAnError() throws IOException {
    assertError(singleError("*.w IN NS ns1\n"), "t.internal", 5, "wildcard NS");
  }

  // --- $INCLUDE -----------------------------------------------------------------------------

  @Test
  void includeFromASubdirectoryIsReadAndErrorsPointIntoIt() throws IOException {
    write("inc/extra", "; included\nwww IN A 192.0.2.80\n");
    write("t.internal", HEAD + "$INCLUDE inc/extra\n");
    Zone zone = load().zones().zone(name("t.internal."));
    assertNotNull(zone.node(name("www.t.internal.")));

    write("inc/extra", "; included\n\nbroken IN AAAA nope\n");
    ZoneError error = singleError("$INCLUDE inc/extra\n");
    assertError(error, "inc/extra", 3, "AAAA");
  }

  @Test
  void includeWithOriginUsesIt() throws IOException {
    write("inc/sub", "h IN A 192.0.2.81\n");
    write("t.internal", HEAD + "$INCLUDE inc/sub other.t.internal.\nafter IN A 192.0.2.82\n");
    Zone zone = load().zones().zone(name("t.internal."));
    assertNotNull(zone.node(name("h.other.t.internal.")));
    assertNotNull(zone.node(name("after.t.internal.")), "origin restored after the include");
  }

  @Test
  void includeOfAnAbsolutePathIsRefused() throws IOException {
    ZoneError error = singleError("$INCLUDE /etc/passwd\n");
    assertError(error, "t.internal", 5, "absolute path");
  }

  @Test
  void includeEscapingTheDirectoryIsRefused() throws IOException {
    Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName()), "x IN A 1.2.3.4\n");
    ZoneError error = singleError("$INCLUDE ../outside-" + dir.getFileName() + "\n");
    assertError(error, "t.internal", 5, "outside the zones directory");
  }

  @Test
  void includeThroughASymlinkOutOfTheDirectoryIsRefused() throws IOException {
    Path outside = Files.createTempFile("zone-outside", ".inc");
    try {
      Files.writeString(outside, "x IN A 192.0.2.1\n");
      Files.createDirectories(dir.resolve("inc"));
      Files.createSymbolicLink(dir.resolve("inc/link"), outside);
      ZoneError error = singleError("$INCLUDE inc/link\n");
      assertError(error, "t.internal", 5, "symlink");
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void missingIncludeIsAnError() throws IOException {
    assertError(singleError("$INCLUDE inc/none\n"), "t.internal", 5, "does not exist");
  }

  @Test
  void includeLoopIsStoppedByTheDepthLimit() throws IOException {
    write("inc/self", "$INCLUDE inc/self\n");
    write("t.internal", HEAD + "$INCLUDE inc/self\n");
    List<ZoneError> errors = load().errors();
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).message().contains("nested"), errors.toString());
  }

  // --- reloads ------------------------------------------------------------------------------

  @Test
  void brokenFileKeepsThePreviousZone() throws IOException {
    write("t.internal", HEAD);
    write("u.internal", HEAD);
    ZoneSet first = load().zones();
    write("t.internal", HEAD + "oops IN A not-an-address\n");
    write("u.internal", HEAD + "new IN A 192.0.2.5\n");
    ZoneSetLoad second = ZoneDirectory.load(dir, first);
    assertEquals(1, second.errors().size());
    assertSame(first.zone(name("t.internal.")), second.zones().zone(name("t.internal.")));
    assertNotNull(second.zones().zone(name("u.internal.")).node(name("new.u.internal.")));
  }

  @Test
  void removedFileDropsTheZone() throws IOException {
    Path file = write("t.internal", HEAD);
    ZoneSet first = load().zones();
    Files.delete(file);
    ZoneSetLoad second = ZoneDirectory.load(dir, first);
    assertEquals(List.of(), second.errors());
    assertEquals(0, second.zones().size());
  }

  @Test
  void unchangedZoneIsReusedAndChangedZoneIsReparsed() throws IOException {
    write("inc/part", "www IN A 192.0.2.80\n");
    write("t.internal", HEAD + "$INCLUDE inc/part\n");
    write("u.internal", HEAD);
    ZoneSet first = load().zones();
    ZoneSet second = ZoneDirectory.load(dir, first).zones();
    assertSame(first.zone(name("t.internal.")), second.zone(name("t.internal.")));
    write("inc/part", "www IN A 192.0.2.81\nwww2 IN A 192.0.2.82\n");
    ZoneSet third = ZoneDirectory.load(dir, second).zones();
    assertNotSame(second.zone(name("t.internal.")), third.zone(name("t.internal.")));
    assertNotNull(third.zone(name("t.internal.")).node(name("www2.t.internal.")));
    assertSame(second.zone(name("u.internal.")), third.zone(name("u.internal.")));
  }

  @Test
  void missingDirectoryKeepsThePreviousSnapshot() throws IOException {
    write("t.internal", HEAD);
    ZoneSet first = load().zones();
    ZoneSetLoad load = ZoneDirectory.load(dir.resolve("absent"), first);
    assertSame(first, load.zones());
    assertEquals(1, load.errors().size());
  }
}
