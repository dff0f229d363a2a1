package org.webplatform.appliance.dns.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.answer.QueryBytes.query;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Response rules of RFC 1034/1035, 2308, 4592, 6604, 6891, 8020, 8482 and 9471 over the fixture
 * zones. Each case states the expectation from the RFC, not from another implementation.
 */
class ResponderTest {
  private static final int NOERROR = 0;
  private static final int FORMERR = 1;
  private static final int NXDOMAIN = 3;
  private static final int NOTIMP = 4;
  private static final int REFUSED = 5;
  private static final int BADVERS = 16;

  private final AnswerFixture.RecordingObserver observer = new AnswerFixture.RecordingObserver();
  private final Responder responder = new Responder(() -> AnswerFixture.ZONES, 1232, observer);

  private Reply ask(QueryBytes query) {
    return ask(query, Transport.UDP);
  }

  private Reply ask(QueryBytes query, Transport transport) {
    return Reply.of(responder.respond(query.buffer(), transport));
  }

  private static Name name(String text) {
    return Name.fromConstantString(text.endsWith(".") ? text : text + ".");
  }

  private static List<String> rdata(List<Record> records) {
    return records.stream().map(Record::rdataToString).collect(Collectors.toList());
  }

  private static void assertNegativeSoa(Reply reply, String zone, long ttl) {
    assertEquals(1, reply.authority().size(), "one SOA in authority");
    Record soa = reply.authority().get(0);
    assertTrue(soa instanceof SOARecord);
    assertEquals(name(zone), soa.getName());
    assertEquals(ttl, soa.getTTL(), "RFC 2308 §5: min(SOA TTL, MINIMUM)");
  }

  // --- header rules -------------------------------------------------------------------------

  @Test
  void positiveAnswerIsAuthoritativeWithOnlyTheAnswerSection() {
    Reply reply = ask(query("host1.example.internal", Type.A));
    assertTrue(reply.qr());
    assertTrue(reply.aa());
    assertFalse(reply.tc());
    assertEquals(NOERROR, reply.rcode());
    assertEquals(List.of("192.0.2.10"), rdata(reply.answer()));
    assertEquals(3600, reply.answer().get(0).getTTL());
    assertEquals(0, reply.count(Section.AUTHORITY));
    assertEquals(0, reply.count(Section.ADDITIONAL), "no EDNS in the query, so no OPT");
  }

  @Test
  void rdIsCopiedAndRaIsNeverSet() {
    Reply withRd = ask(query("host1.example.internal", Type.A).rd(true));
    Reply withoutRd = ask(query("host1.example.internal", Type.A).rd(false));
    assertTrue(withRd.rd());
    assertFalse(withoutRd.rd());
    assertFalse(withRd.ra());
    assertFalse(withoutRd.ra());
  }

  @Test
  void cdBitIsCopied() {
    assertTrue(ask(query("host1.example.internal", Type.A).cd(true)).cd());
    assertFalse(ask(query("host1.example.internal", Type.A)).cd());
  }

  @Test
  void idIsEchoed() {
    assertEquals(0xBEEF, ask(query("host1.example.internal", Type.A).id(0xBEEF)).id());
    assertEquals(0, ask(query("nothere.example.internal", Type.A).id(0)).id());
  }

  @Test
  void questionIsEchoedByteForByteWithMixedCase() {
    QueryBytes query = query("HoSt1.ExAmPlE.InTeRnAl", Type.A);
    byte[] sent = query.bytes();
    Reply reply = ask(query);
    int questionLength = sent.length - 12;
    assertArrayEquals(
        Arrays.copyOfRange(sent, 12, 12 + questionLength),
        Arrays.copyOfRange(reply.wire, 12, 12 + questionLength));
    // The answer owner is a compression pointer to the question at offset 12 (RFC 1035 §4.1.4).
    int answerStart = 12 + questionLength;
    assertEquals(0xC0, reply.wire[answerStart] & 0xFF);
    assertEquals(0x0C, reply.wire[answerStart + 1] & 0xFF);
  }

  @Test
  void observerIsToldAboutEveryResponse() {
    ask(query("host1.example.internal", Type.A));
    ask(query("nothere.example.internal", Type.AAAA), Transport.TCP);
    ask(query("bigtxt.example.internal", Type.TXT));
    assertEquals(
        List.of(
            "answered UDP 1 0 false", "answered TCP 28 3 false", "answered UDP 16 0 true"),
        observer.events);
  }

  // --- negative answers ---------------------------------------------------------------------

  @Test
  void missingNameIsNxdomainWithSoaAtNegativeTtl() {
    Reply reply = ask(query("nothere.example.internal", Type.A));
    assertEquals(NXDOMAIN, reply.rcode());
    assertTrue(reply.aa());
    assertEquals(0, reply.count(Section.ANSWER));
    assertNegativeSoa(reply, "example.internal", 300);
  }

  @Test
  void missingTypeIsNoDataWithSoaAtNegativeTtl() {
    Reply reply = ask(query("host1.example.internal", Type.MX));
    assertEquals(NOERROR, reply.rcode());
    assertTrue(reply.aa());
    assertEquals(0, reply.count(Section.ANSWER));
    assertNegativeSoa(reply, "example.internal", 300);
  }

  @Test
  void negativeTtlIsTheSoaTtlWhenThatIsSmallerThanMinimum() {
    Reply reply = ask(query("99.0/26.2.0.192.in-addr.arpa", Type.PTR));
    assertEquals(NXDOMAIN, reply.rcode());
    assertNegativeSoa(reply, "0/26.2.0.192.in-addr.arpa", 120);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"b.ent.example.internal", "_tcp.example.internal", "wild.example.internal"})
  void emptyNonTerminalAnswersNoDataWithSoa(String ent) {
    Reply reply = ask(query(ent, Type.A));
    assertEquals(NOERROR, reply.rcode(), "RFC 8020: an empty non-terminal exists");
    assertTrue(reply.aa());
    assertEquals(0, reply.count(Section.ANSWER));
    assertNegativeSoa(reply, "example.internal", 300);
  }

  @Test
  void unknownDataTypeIsNoData() {
    Reply reply = ask(query("host1.example.internal", 65300));
    assertEquals(NOERROR, reply.rcode());
    assertNegativeSoa(reply, "example.internal", 300);
  }

  // --- wildcards (RFC 4592) -----------------------------------------------------------------

  @Test
  void wildcardSynthesisesWithTheQueryNameAsOwner() {
    Reply reply = ask(query("Foo.wild.example.internal", Type.A));
    assertEquals(NOERROR, reply.rcode());
    assertTrue(reply.aa());
    assertEquals(List.of("192.0.2.100"), rdata(reply.answer()));
    assertEquals(name("foo.wild.example.internal"), reply.answer().get(0).getName());
  }

  @Test
  void wildcardMatchesSeveralMissingLabels() {
    Reply reply = ask(query("a.b.wild.example.internal", Type.TXT));
    assertEquals(List.of("\"wildcard text\""), rdata(reply.answer()));
    assertEquals(name("a.b.wild.example.internal"), reply.answer().get(0).getName());
  }

  @Test
  void wildcardDoesNotApplyBelowAnExistingName() {
    Reply reply = ask(query("x.real.wild.example.internal", Type.A));
    assertEquals(NXDOMAIN, reply.rcode());
    assertNegativeSoa(reply, "example.internal", 300);
  }

  @Test
  void existingNameBesideAWildcardIsNotSynthesised() {
    Reply reply = ask(query("real.wild.example.internal", Type.TXT));
    assertEquals(NOERROR, reply.rcode());
    assertEquals(0, reply.count(Section.ANSWER));
    assertNegativeSoa(reply, "example.internal", 300);
  }

  @Test
  void wildcardWithoutTheTypeIsNoDataNotNxdomain() {
    Reply reply = ask(query("abc.wild.example.internal", Type.MX));
    assertEquals(NOERROR, reply.rcode());
    assertTrue(reply.aa());
    assertEquals(0, reply.count(Section.ANSWER));
    assertNegativeSoa(reply, "example.internal", 300);
  }

  // --- CNAME (RFC 1034 §3.6.2, §4.3.2; RFC 6604) --------------------------------------------

  @Test
  void cnameChainIsFollowedInsideTheZone() {
    Reply reply = ask(query("alias2.example.internal", Type.A));
    assertEquals(NOERROR, reply.rcode());
    assertTrue(reply.aa());
    List<Record> answer = reply.answer();
    assertEquals(3, answer.size());
    assertEquals(name("alias2.example.internal"), answer.get(0).getName());
    assertEquals(name("www.example.internal"), ((CNAMERecord) answer.get(0)).getTarget());
    assertEquals(name("www.example.internal"), answer.get(1).getName());
    assertEquals(name("host1.example.internal"), ((CNAMERecord) answer.get(1)).getTarget());
    assertEquals(name("host1.example.internal"), answer.get(2).getName());
    assertEquals("192.0.2.10", ((ARecord) answer.get(2)).getAddress().getHostAddress());
    assertEquals(0, reply.count(Section.AUTHORITY));
  }

  @Test
  void cnameQueryReturnsOnlyTheCname() {
    Reply reply = ask(query("www.example.internal", Type.CNAME));
    assertEquals(List.of("host1.example.internal."), rdata(reply.answer()));
  }

  @Test
  void cnameToAnExternalNameEndsWithTheCname() {
    Reply reply = ask(query("external.example.internal", Type.A));
    assertEquals(NOERROR, reply.rcode());
    assertTrue(reply.aa());
    assertEquals(List.of("www.example.net."), rdata(reply.answer()));
    assertEquals(0, reply.count(Section.AUTHORITY));
  }

  @Test
  void cnameToAMissingNameIsNxdomainWithTheSoa() {
    Reply reply = ask(query("dangling.example.internal", Type.A));
    assertEquals(NXDOMAIN, reply.rcode(), "RFC 6604 §2: rcode of the last name in the chain");
    assertTrue(reply.aa());
    assertEquals(List.of("missing.example.internal."), rdata(reply.answer()));
    assertNegativeSoa(reply, "example.internal", 300);
  }

  @Test
  void cnameTargetWithoutTheTypeIsNoDataWithTheSoa() {
    Reply reply = ask(query("www.example.internal", Type.MX));
    assertEquals(NOERROR, reply.rcode());
    assertEquals(List.of("host1.example.internal."), rdata(reply.answer()));
    assertNegativeSoa(reply, "example.internal", 300);
  }

  @Test
  void cnameLoopEndsTheChain() {
    Reply reply = ask(query("loop1.example.internal", Type.A));
    assertEquals(NOERROR, reply.rcode());
    assertEquals(
        List.of("loop2.example.internal.", "loop1.example.internal."), rdata(reply.answer()));
  }

  @Test
  void cnameChainCrossesIntoAnotherServedZone() {
    Reply reply = ask(query("toreverse.example.internal", Type.PTR));
    assertEquals(NOERROR, reply.rcode());
    assertEquals(
        List.of("1.0.0.10.in-addr.arpa.", "host1.example.internal."), rdata(reply.answer()));
  }

  // --- delegations --------------------------------------------------------------------------

  @Test
  void nameBelowACutGetsAReferralWithGlueAndNoAa() {
    Reply reply = ask(query("host.sub.example.internal", Type.A));
    assertEquals(NOERROR, reply.rcode());
    assertFalse(reply.aa(), "a referral is not authoritative");
    assertEquals(0, reply.count(Section.ANSWER));
    assertEquals(
        List.of("ns1.sub.example.internal.", "ns.other.example."), rdata(reply.authority()));
    assertEquals(name("sub.example.internal"), reply.authority().get(0).getName());
    assertEquals(List.of("192.0.2.200"), rdata(reply.additional()));
    assertEquals(name("ns1.sub.example.internal"), reply.additional().get(0).getName());
  }

  @Test
  void nsQueryAtTheCutIsAReferral() {
    Reply reply = ask(query("sub.example.internal", Type.NS));
    assertFalse(reply.aa());
    assertEquals(0, reply.count(Section.ANSWER));
    assertEquals(2, reply.authority().size());
  }

  @Test
  void dsQueryAtTheCutIsAnsweredByTheParent() {
    Reply reply = ask(query("sub.example.internal", Type.DS));
    assertTrue(reply.aa(), "RFC 4035 §3.1.4.1: DS is parent-side data");
    assertEquals(NOERROR, reply.rcode());
    assertEquals(0, reply.count(Section.ANSWER));
    assertNegativeSoa(reply, "example.internal", 300);
  }

  @Test
  void apexNsIsAnAnswerNotAReferral() {
    Reply reply = ask(query("example.internal", Type.NS));
    assertTrue(reply.aa());
    assertEquals(
        List.of("ns1.example.internal.", "ns2.example.internal."), rdata(reply.answer()));
  }

  @Test
  void referralWhoseRequiredGlueDoesNotFitIsTruncated() {
    Reply small = ask(query("www.big.example.internal", Type.A));
    assertTrue(small.tc(), "RFC 9471 §3: in-domain glue must fit or TC is set");
    assertEquals(0, small.count(Section.AUTHORITY));
    assertEquals(0, small.count(Section.ADDITIONAL));
    Reply large = ask(query("www.big.example.internal", Type.A).edns(1232));
    assertFalse(large.tc());
    assertEquals(13, large.authority().size());
    assertEquals(26, large.additional().size());
  }

  @Test
  void optionalAdditionalRecordsThatDoNotFitAreDroppedWithoutTc() {
    Reply small = ask(query("www.side.example.internal", Type.A));
    assertFalse(small.tc(), "sibling glue is optional (RFC 9471 §2.2)");
    assertEquals(13, small.authority().size());
    assertTrue(small.additional().size() < 26);
    assertTrue(small.length() <= 512);
    Reply large = ask(query("www.side.example.internal", Type.A), Transport.TCP);
    assertEquals(26, large.additional().size());
  }

  // --- zone selection -----------------------------------------------------------------------

  @Test
  void nameOutsideOurZonesIsRefusedWithoutAa() {
    Reply reply = ask(query("www.example.com", Type.A));
    assertEquals(REFUSED, reply.rcode());
    assertFalse(reply.aa());
    assertEquals(1, reply.count(Section.QUESTION));
    assertEquals(0, reply.count(Section.ANSWER) + reply.count(Section.AUTHORITY));
  }

  @Test
  void childZoneWinsOverItsParent() {
    Reply apex = ask(query("child.example.internal", Type.A));
    assertEquals(List.of("192.0.2.150"), rdata(apex.answer()));
    Reply missing = ask(query("nx.child.example.internal", Type.A));
    assertEquals(NXDOMAIN, missing.rcode());
    assertNegativeSoa(missing, "child.example.internal", 120);
  }

  // --- ANY (RFC 8482) -----------------------------------------------------------------------

  @Test
  void anyReturnsTheRrsetWithTheLowestType() {
    Reply apex = ask(query("example.internal", Type.ANY));
    assertTrue(apex.aa());
    assertEquals(List.of("192.0.2.1"), rdata(apex.answer()));
    Reply cname = ask(query("www.example.internal", Type.ANY));
    assertEquals(List.of("host1.example.internal."), rdata(cname.answer()));
    Reply wildcard = ask(query("q.wild.example.internal", Type.ANY));
    assertEquals(List.of("192.0.2.100"), rdata(wildcard.answer()));
    Reply ent = ask(query("b.ent.example.internal", Type.ANY));
    assertEquals(0, ent.count(Section.ANSWER));
    assertNegativeSoa(ent, "example.internal", 300);
  }

  // --- record types -------------------------------------------------------------------------

  @Test
  void longTextIsSplitInto255OctetStrings() {
    Reply reply = ask(query("longtxt.example.internal", Type.TXT));
    TXTRecord txt = (TXTRecord) reply.answer().get(0);
    List<byte[]> strings = txt.getStringsAsByteArrays();
    assertEquals(2, strings.size());
    assertEquals(255, strings.get(0).length);
    assertEquals(307 - 255, strings.get(1).length);
  }

  @Test
  void commonTypesAreServed() {
    assertEquals(List.of("10 mail.example.internal."),
        rdata(ask(query("example.internal", Type.MX)).answer()));
    assertEquals(List.of("0 issue \"letsencrypt.org\""),
        rdata(ask(query("example.internal", Type.CAA)).answer()));
    assertEquals(List.of("10 5 80 www.example.internal."),
        rdata(ask(query("_http._tcp.example.internal", Type.SRV)).answer()));
    assertEquals(List.of("2001:db8:0:0:0:0:0:10"),
        rdata(ask(query("host1.example.internal", Type.AAAA)).answer()));
    assertEquals(List.of("\\# 4 0A0B0C0D"),
        rdata(ask(query("unknown.example.internal", 65400)).answer()));
    assertEquals(1, ask(query("naptr.example.internal", Type.NAPTR)).answer().size());
    assertEquals(List.of("192.0.2.77"),
        rdata(ask(query("included.example.internal", Type.A)).answer()));
  }

  @Test
  void rrsetTtlIsTheLowestOfItsRecords() {
    Reply reply = ask(query("host2.example.internal", Type.A));
    assertEquals(2, reply.answer().size());
    assertTrue(reply.answer().stream().allMatch(r -> r.getTTL() == 300));
  }

  @Test
  void reverseAndClasslessReverseZonesAnswerPtr() {
    assertEquals(List.of("host1.example.internal."),
        rdata(ask(query("1.0.0.10.in-addr.arpa", Type.PTR)).answer()));
    assertEquals(List.of("host1.example.internal."),
        rdata(ask(query("10.0/26.2.0.192.in-addr.arpa", Type.PTR)).answer()));
  }

  // --- malformed and unsupported queries ----------------------------------------------------

  @Test
  void responsePacketsAreDroppedAndReported() {
    assertNull(responder.respond(query("host1.example.internal", Type.A).qr(true).buffer(),
        Transport.UDP));
    assertEquals(List.of("dropped UDP"), observer.events);
  }

  @Test
  void packetsShorterThanAHeaderAreDropped() {
    assertNull(responder.respond(ByteBuffer.wrap(new byte[11]), Transport.TCP));
    assertEquals(List.of("dropped TCP"), observer.events);
  }

  @Test
  void otherOpcodesAreNotImplementedWithTheQuestionEchoed() {
    Reply reply = ask(query("host1.example.internal", Type.A).opcode(2));
    assertEquals(NOTIMP, reply.rcode());
    assertEquals(2, reply.opcode());
    assertEquals(1, reply.count(Section.QUESTION));
    assertFalse(reply.aa());
  }

  @Test
  void garbageAfterTheHeaderIsFormerr() {
    byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 70, 1, 2, 3};
    Reply reply = Reply.of(responder.respond(ByteBuffer.wrap(garbage), Transport.UDP));
    assertEquals(FORMERR, reply.rcode());
    assertEquals(0x1234, reply.id());
    assertTrue(reply.rd());
    assertEquals(0, reply.count(Section.QUESTION));
    assertEquals(List.of("answered UDP -1 1 false"), observer.events);
  }

  @Test
  void truncatedQuestionIsFormerr() {
    byte[] full = query("host1.example.internal", Type.A).bytes();
    byte[] cut = Arrays.copyOf(full, full.length - 3);
    assertEquals(FORMERR, Reply.of(responder.respond(ByteBuffer.wrap(cut), Transport.UDP))
        .rcode());
  }

  @Test
  void twoQuestionsAreFormerr() {
    byte[] bytes = query("host1.example.internal", Type.A).bytes();
    bytes[5] = 2;
    assertEquals(FORMERR, Reply.of(responder.respond(ByteBuffer.wrap(bytes), Transport.UDP))
        .rcode());
    bytes[5] = 0;
    assertEquals(FORMERR, Reply.of(responder.respond(ByteBuffer.wrap(bytes), Transport.UDP))
        .rcode());
  }

  @Test
  void queryWithAnAnswerRecordIsFormerr() {
    Reply reply = ask(query("host1.example.internal", Type.A).withAnswerRecord());
    assertEquals(FORMERR, reply.rcode());
    assertEquals(0, reply.count(Section.ANSWER));
  }

  @Test
  void classesOtherThanInAreRefused() {
    Reply chaos = ask(query("version.bind", Type.TXT).dclass(3));
    assertEquals(REFUSED, chaos.rcode());
    assertFalse(chaos.aa());
    assertEquals(REFUSED, ask(query("example.internal", Type.SOA).dclass(4)).rcode());
  }

  @ParameterizedTest
  @ValueSource(ints = {251, 252, 253, 254, 128})
  void zoneTransfersAndMetaTypesAreNotImplemented(int qtype) {
    Reply reply = ask(query("example.internal", qtype));
    assertEquals(NOTIMP, reply.rcode());
    assertEquals(1, reply.count(Section.QUESTION));
    assertEquals(0, reply.count(Section.ANSWER));
  }

  // --- EDNS (RFC 6891, RFC 3225) ------------------------------------------------------------

  @Test
  void ednsQueryGetsOurOptWithOurPayloadAndVersionZero() {
    Reply reply = ask(query("host1.example.internal", Type.A).edns(4096));
    assertEquals(1, reply.count(Section.ADDITIONAL));
    assertEquals(1232, reply.opt().getPayloadSize());
    assertEquals(0, reply.opt().getVersion());
    assertEquals(0, reply.opt().getFlags());
    assertEquals(List.of(), reply.opt().getOptions());
  }

  @Test
  void doBitIsEchoed() {
    Reply reply = ask(query("host1.example.internal", Type.A).edns(1232).dnssecOk(true));
    assertEquals(0x8000, reply.opt().getFlags());
  }

  @Test
  void ednsVersionAboveZeroIsBadvers() {
    Reply reply = ask(query("host1.example.internal", Type.A).edns(1232).ednsVersion(1));
    assertEquals(BADVERS, reply.rcode());
    assertEquals(0, reply.headerRcode());
    assertEquals(1, reply.opt().getExtendedRcode());
    assertEquals(0, reply.opt().getVersion());
    assertEquals(0, reply.count(Section.ANSWER));
    assertEquals(List.of("answered UDP 1 16 false"), observer.events);
  }

  @Test
  void unknownEdnsOptionsAreIgnored() {
    Reply reply =
        ask(query("host1.example.internal", Type.A).edns(1232).ednsOption(65001, new byte[3]));
    assertEquals(NOERROR, reply.rcode());
    assertEquals(List.of("192.0.2.10"), rdata(reply.answer()));
    assertEquals(List.of(), reply.opt().getOptions());
  }

  @Test
  void moreThanOneOptIsFormerr() {
    Reply reply = ask(query("host1.example.internal", Type.A).edns(1232).extraOpts(1));
    assertEquals(FORMERR, reply.rcode());
    assertEquals(0, reply.count(Section.ANSWER));
  }

  @Test
  void errorResponsesCarryOurOptWhenTheQueryHadOne() {
    Reply reply = ask(query("www.example.com", Type.A).edns(1232).dnssecOk(true));
    assertEquals(REFUSED, reply.rcode());
    assertEquals(1232, reply.opt().getPayloadSize());
    assertEquals(0x8000, reply.opt().getFlags());
  }

  // --- truncation ---------------------------------------------------------------------------

  @Test
  void oversizedAnswerWithoutEdnsIsTruncatedWithNoRecords() {
    Reply reply = ask(query("bigtxt.example.internal", Type.TXT));
    assertTrue(reply.tc());
    assertTrue(reply.aa());
    assertEquals(1, reply.count(Section.QUESTION));
    assertEquals(0, reply.count(Section.ANSWER));
    assertEquals(0, reply.count(Section.AUTHORITY));
    assertEquals(0, reply.count(Section.ADDITIONAL));
  }

  @Test
  void oversizedAnswerAtEdns512IsTruncatedAndKeepsTheOpt() {
    Reply reply = ask(query("bigtxt.example.internal", Type.TXT).edns(512));
    assertTrue(reply.tc());
    assertEquals(0, reply.count(Section.ANSWER));
    assertEquals(1, reply.count(Section.ADDITIONAL));
    assertEquals(1232, reply.opt().getPayloadSize());
  }

  @Test
  void payloadBelow512IsTreatedAs512() {
    Reply reply = ask(query("bigtxt.example.internal", Type.TXT).edns(100));
    assertTrue(reply.tc());
    Reply fits = ask(query("host1.example.internal", Type.A).edns(100));
    assertFalse(fits.tc());
    assertEquals(1, fits.answer().size());
  }

  @Test
  void answerFitsAtEdns1232AndOverTcp() {
    Reply udp = ask(query("bigtxt.example.internal", Type.TXT).edns(1232));
    assertFalse(udp.tc());
    assertEquals(16, udp.answer().size());
    assertTrue(udp.length() > 512 && udp.length() <= 1232);
    Reply tcp = ask(query("bigtxt.example.internal", Type.TXT), Transport.TCP);
    assertFalse(tcp.tc());
    assertEquals(16, tcp.answer().size());
  }

  @Test
  void clientPayloadIsCappedAtOurMaximum() {
    Responder small = new Responder(() -> AnswerFixture.ZONES, 600, AnswerObserver.NONE);
    Reply reply = Reply.of(small.respond(
        query("bigtxt.example.internal", Type.TXT).edns(4096).buffer(), Transport.UDP));
    assertTrue(reply.tc());
    assertEquals(600, reply.opt().getPayloadSize());
  }
}
