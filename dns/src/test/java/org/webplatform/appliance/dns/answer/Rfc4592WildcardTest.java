package org.webplatform.appliance.dns.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.answer.QueryBytes.query;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The examples of RFC 4592 §2.2.1 against the zone of that section (fixture file {@code example},
 * names exactly as in the RFC).
 */
class Rfc4592WildcardTest {
  private final Responder responder =
      new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE);

  private Reply ask(String name, int type) {
    return Reply.of(responder.respond(query(name, type).buffer(), Transport.UDP));
  }

  private static List<String> rdata(List<Record> records) {
    return records.stream().map(Record::rdataToString).collect(Collectors.toList());
  }

  private static void assertNoData(Reply reply) {
    assertEquals(0, reply.rcode());
    assertTrue(reply.aa());
    assertEquals(0, reply.count(Section.ANSWER));
    assertTrue(reply.authority().get(0) instanceof SOARecord);
  }

  private static void assertNxdomain(Reply reply) {
    assertEquals(3, reply.rcode());
    assertTrue(reply.aa());
    assertEquals(0, reply.count(Section.ANSWER));
    assertTrue(reply.authority().get(0) instanceof SOARecord);
  }

  @Test
  void host3MxIsSynthesisedFromTheWildcard() {
    Reply reply = ask("host3.example", Type.MX);
    assertEquals(List.of("10 host1.example."), rdata(reply.answer()));
    assertEquals(Name.fromConstantString("host3.example."), reply.answer().get(0).getName());
  }

  @Test
  void host3AIsNoDataBecauseTheWildcardHasNoA() {
    assertNoData(ask("host3.example", Type.A));
  }

  @Test
  void fooBarTxtIsSynthesisedAcrossTwoMissingLabels() {
    Reply reply = ask("foo.bar.example", Type.TXT);
    assertEquals(List.of("\"this is a wildcard\""), rdata(reply.answer()));
    assertEquals(Name.fromConstantString("foo.bar.example."), reply.answer().get(0).getName());
  }

  @Test
  void host1MxIsNoDataBecauseHost1Exists() {
    assertNoData(ask("host1.example", Type.MX));
  }

  @Test
  void subStarMxIsNoDataBecauseTheNameExists() {
    assertNoData(ask("sub.*.example", Type.MX));
  }

  @Test
  void telnetTcpHost1SrvIsNxdomainBecauseTheClosestEncloserHasNoWildcard() {
    assertNxdomain(ask("_telnet._tcp.host1.example", Type.SRV));
  }

  @Test
  void hostSubdelIsAReferral() {
    Reply reply = ask("host.subdel.example", Type.A);
    assertFalse(reply.aa());
    assertEquals(0, reply.rcode());
    assertEquals(List.of("ns.example.com.", "ns.example.net."), rdata(reply.authority()));
  }

  @Test
  void ghostStarMxIsNxdomainBecauseTheStarNodeIsTheClosestEncloser() {
    assertNxdomain(ask("ghost.*.example", Type.MX));
  }

  @Test
  void emptyNonTerminalHost2IsNoDataNotTheWildcard() {
    assertNoData(ask("host2.example", Type.TXT));
    assertNoData(ask("_tcp.host1.example", Type.TXT));
  }

  @Test
  void theWildcardOwnerItselfAnswersLiterally() {
    Reply reply = ask("*.example", Type.TXT);
    assertEquals(List.of("\"this is a wildcard\""), rdata(reply.answer()));
    assertEquals(Name.fromConstantString("*.example."), reply.answer().get(0).getName());
  }
}
