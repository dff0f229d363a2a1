package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.Dig.Answer;
import org.webplatform.appliance.dns.Dig.Rr;

/**
 * Answer rules as the real dig sees them, over the real transport, against {@code zones-server/}:
 * what an admin checking the appliance by hand gets.
 */
class DigRulesTest {
  private static final String SOA_DATA =
      "ns1.example.internal. hostmaster.example.internal. 2024010101 7200 3600 1209600 300";

  @TempDir static Path dir;
  private static RoleFixture fixture;

  @BeforeAll
  static void startRole() throws Exception {
    Dig.binary();
    fixture = RoleFixture.started(dir, false);
  }

  @AfterAll
  static void stopRole() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static Answer dig(String... options) throws Exception {
    return Dig.query(fixture.address(), options);
  }

  @Test
  void positiveAnswerIsAuthoritativeWithTheRrsetOnly() throws Exception {
    Answer answer = dig("www.example.internal", "A");

    assertEquals("NOERROR", answer.status(), answer.output());
    assertTrue(answer.flag("aa"), answer.output());
    assertFalse(answer.flag("ra"), "RA is never set by an authoritative-only server");
    assertEquals(
        List.of(new Rr("www.example.internal.", 3600, "A", "192.0.2.10")), answer.answer());
    assertTrue(answer.authority().isEmpty(), answer.output());
  }

  @Test
  void aaaaOverTcpIsAnswered() throws Exception {
    Answer answer = dig("+tcp", "www.example.internal", "AAAA");

    assertEquals(List.of("2001:db8::10"), answer.answerData("AAAA"), answer.output());
  }

  @Test
  void missingNameIsNxdomainWithTheSoaAtTheNegativeTtl() throws Exception {
    Answer answer = dig("nope.example.internal", "A");

    assertEquals("NXDOMAIN", answer.status(), answer.output());
    assertTrue(answer.flag("aa"));
    assertTrue(answer.answer().isEmpty());
    // RFC 2308 §5: TTL = min(SOA TTL 3600, MINIMUM 300).
    assertEquals(List.of(new Rr("example.internal.", 300, "SOA", SOA_DATA)), answer.authority());
  }

  @Test
  void missingTypeIsNodataWithTheSoaAtTheNegativeTtl() throws Exception {
    Answer answer = dig("www.example.internal", "MX");

    assertEquals("NOERROR", answer.status(), answer.output());
    assertTrue(answer.flag("aa"));
    assertTrue(answer.answer().isEmpty());
    assertEquals(List.of(new Rr("example.internal.", 300, "SOA", SOA_DATA)), answer.authority());
  }

  @Test
  void wildcardIsSynthesisedWithTheQueryNameAsOwner() throws Exception {
    Answer answer = dig("a.b.wild.example.internal", "A");

    assertEquals("NOERROR", answer.status(), answer.output());
    assertTrue(answer.flag("aa"));
    assertEquals(
        List.of(new Rr("a.b.wild.example.internal.", 3600, "A", "192.0.2.100")), answer.answer());
  }

  @Test
  void cnameChainIsFollowedInTheAnswer() throws Exception {
    Answer answer = dig("alias2.example.internal", "A");

    assertEquals("NOERROR", answer.status(), answer.output());
    assertEquals(
        List.of(
            new Rr("alias2.example.internal.", 3600, "CNAME", "alias.example.internal."),
            new Rr("alias.example.internal.", 3600, "CNAME", "www.example.internal."),
            new Rr("www.example.internal.", 3600, "A", "192.0.2.10")),
        answer.answer());
  }

  @Test
  void nameBelowADelegationGetsAReferralWithGlueAndNoAa() throws Exception {
    Answer answer = dig("host.sub.example.internal", "A");

    assertEquals("NOERROR", answer.status(), answer.output());
    assertFalse(answer.flag("aa"), "a referral is not authoritative (RFC 1034 §4.3.2)");
    assertTrue(answer.answer().isEmpty());
    assertEquals(
        List.of("ns1.sub.example.internal.", "ns2.sub.example.internal."),
        answer.authority().stream()
            .filter(rr -> rr.type().equals("NS"))
            .map(Rr::data)
            .sorted()
            .toList());
    assertEquals(
        List.of("192.0.2.201", "192.0.2.202"),
        answer.additional().stream()
            .filter(rr -> rr.type().equals("A"))
            .map(Rr::data)
            .sorted()
            .toList());
  }

  @Test
  void nameOutsideOurZonesIsRefusedWithoutAa() throws Exception {
    Answer answer = dig("www.example.com", "A");

    assertEquals("REFUSED", answer.status(), answer.output());
    assertFalse(answer.flag("aa"));
  }

  @Test
  void questionCaseIsEchoedAsSent() throws Exception {
    Answer answer = dig("WwW.ExAmple.InTernal", "A");

    assertEquals(List.of("WwW.ExAmple.InTernal.\t\tIN\tA"), answer.question(), answer.output());
    assertEquals("WwW.ExAmple.InTernal.", answer.answer().get(0).name());
  }

  @Test
  void ednsPayloadWeAdvertiseIs1232WhateverTheClientOffers() throws Exception {
    assertEquals(1232, dig("www.example.internal", "A").ednsUdp());
    assertEquals(1232, dig("+bufsize=4096", "www.example.internal", "A").ednsUdp());
  }

  @Test
  void bigAnswerOverUdpWithoutEdnsIsTruncatedWithNoRecords() throws Exception {
    Answer answer = dig("+noedns", "+ignore", "big.example.internal", "TXT");

    assertTrue(answer.flag("tc"), answer.output());
    assertTrue(answer.answer().isEmpty(), "all or nothing: " + answer.output());
  }

  @Test
  void bigAnswerOverUdpAt512IsTruncated() throws Exception {
    Answer answer = dig("+bufsize=512", "+ignore", "big.example.internal", "TXT");

    assertTrue(answer.flag("tc"), answer.output());
    assertTrue(answer.answer().isEmpty(), answer.output());
  }

  @Test
  void bigAnswerIsCompleteOverTcp() throws Exception {
    Answer answer = dig("+tcp", "+noedns", "big.example.internal", "TXT");

    assertFalse(answer.flag("tc"), answer.output());
    assertEquals(14, answer.answerData("TXT").size(), answer.output());
  }

  @Test
  void digFallsBackToTcpAfterTruncationAndGetsEverything() throws Exception {
    Answer answer = dig("+noedns", "big.example.internal", "TXT");

    assertTrue(answer.output().contains("Truncated, retrying in TCP mode"), answer.output());
    assertEquals(14, answer.answerData("TXT").size(), answer.output());
  }

  @Test
  void bigAnswerFitsInTheEdnsPayload() throws Exception {
    Answer answer = dig("big.example.internal", "TXT");

    assertFalse(answer.output().contains("Truncated"), answer.output());
    assertEquals(14, answer.answerData("TXT").size());
  }

  @Test
  void recordsFromAnIncludedFileAreServed() throws Exception {
    assertEquals(List.of("192.0.2.11"), dig("host1.example.internal", "A").answerData("A"));
  }
}
