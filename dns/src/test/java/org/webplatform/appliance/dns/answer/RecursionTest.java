package org.webplatform.appliance.dns.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.answer.QueryBytes.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.dns.zone.RrSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * How the responder treats names outside our zones when a {@link Recursion} is present: who gets
 * them resolved, what the response looks like (RA, no AA, aged TTLs, the client's ID and case),
 * and that the memo never replays a forwarded answer.
 */
class RecursionTest {
  private static final InetAddress INSIDE = InetAddress.getLoopbackAddress();
  private static final InetAddress OUTSIDE = address("192.0.2.99");

  private final ScriptedRecursion recursion = new ScriptedRecursion();
  private final AnswerFixture.RecordingObserver observer = new AnswerFixture.RecordingObserver();
  private final Responder responder =
      new Responder(() -> AnswerFixture.ZONES, 1232, observer, recursion);

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Record record(String owner, int type, String rdata) {
    try {
      return Record.fromString(Name.fromConstantString(owner), type, 1, 300, rdata, Name.root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Resolution www(String address, long ttlLimit, long age) {
    Record a = record("www.example.org.", Type.A, address);
    RrSet rrset = RrSet.of(a.getName(), Type.A, List.of(a));
    return new Resolution(Rcode.NOERROR, List.of(rrset), List.of(), List.of(), ttlLimit, age);
  }

  private Reply now(QueryBytes query, InetAddress client) {
    Answer answer = responder.respond(query.buffer(), Transport.UDP, client);
    assertNull(answer.later(), "answered at once");
    return Reply.of(answer.now());
  }

  @Test
  void missIsResolvedUpstreamAndTheResponseFollowsWithRaAndWithoutAa() throws Exception {
    Answer answer =
        responder.respond(
            query("WwW.ExAmPlE.oRg", Type.A).id(4242).edns(1232).buffer(), Transport.UDP, INSIDE);

    assertNull(answer.now());
    assertEquals(List.of("www.example.org./1"), recursion.resolved);
    recursion.pending.complete(www("192.0.2.80", 300, 0));
    Reply reply = Reply.of(answer.later().toCompletableFuture().get());
    assertEquals(4242, reply.id());
    assertTrue(reply.ra());
    assertTrue(reply.rd());
    assertFalse(reply.aa(), "we are not the authority for forwarded data");
    assertEquals(Rcode.NOERROR, reply.rcode());
    assertEquals("192.0.2.80", reply.answer().get(0).rdataToString());
    assertEquals("WwW.ExAmPlE.oRg.", reply.answer().get(0).getName().toString(), "0x20 echoed");
    assertNotNull(reply.opt());
    assertEquals(List.of("answered UDP 1 0 false"), observer.events);
  }

  @Test
  void cachedAnswerIsWrittenAtOnceWithTtlsReducedByItsAge() {
    recursion.cached = www("192.0.2.80", 60, 25);

    Reply reply = now(query("www.example.org", Type.A), INSIDE);

    assertTrue(reply.ra());
    assertEquals(35, reply.answer().get(0).getTTL(), "min(300, limit 60) - age 25");
    assertTrue(recursion.resolved.isEmpty());
  }

  @Test
  void forwardedAnswersAreNeverMemoised() {
    recursion.cached = www("192.0.2.80", 60, 1);
    assertEquals(59, now(query("www.example.org", Type.A), INSIDE).answer().get(0).getTTL());
    recursion.cached = www("192.0.2.80", 60, 2);
    assertEquals(58, now(query("www.example.org", Type.A), INSIDE).answer().get(0).getTTL());
  }

  @Test
  void clientOutsideTheRecursionNetworksIsRefusedWithoutRa() {
    recursion.cached = www("192.0.2.80", 60, 0);

    Reply reply = now(query("www.example.org", Type.A), OUTSIDE);

    assertEquals(Rcode.REFUSED, reply.rcode());
    assertFalse(reply.ra());
    assertTrue(reply.answer().isEmpty());
    assertTrue(recursion.resolved.isEmpty());
  }

  @Test
  void memoisedRefusalForAnotherClientDoesNotHideTheNameFromARecursionClient() {
    assertEquals(Rcode.REFUSED, now(query("www.example.org", Type.A), OUTSIDE).rcode());
    assertEquals(Rcode.REFUSED, now(query("www.example.org", Type.A), OUTSIDE).rcode());
    recursion.cached = www("192.0.2.80", 60, 0);

    Reply reply = now(query("www.example.org", Type.A), INSIDE);

    assertEquals(Rcode.NOERROR, reply.rcode());
    assertEquals(1, reply.answer().size());
  }

  @Test
  void missWithRdClearIsRefusedAsWeHaveNothingToReferTo() {
    Reply reply = now(query("www.example.org", Type.A).rd(false), INSIDE);

    assertEquals(Rcode.REFUSED, reply.rcode());
    assertTrue(reply.ra());
    assertTrue(recursion.resolved.isEmpty());
  }

  @Test
  void cachedAnswerIsGivenWithRdClear() {
    recursion.cached = www("192.0.2.80", 60, 0);
    Reply reply = now(query("www.example.org", Type.A).rd(false), INSIDE);
    assertEquals(Rcode.NOERROR, reply.rcode());
    assertFalse(reply.rd());
  }

  @Test
  void ourZonesAreAnsweredAuthoritativelyWithRaForRecursionClientsOnly() {
    Reply inside = now(query("host1.example.internal", Type.A), INSIDE);
    Reply outside = now(query("host1.example.internal", Type.A), OUTSIDE);
    Reply insideAgain = now(query("host1.example.internal", Type.A), INSIDE);

    assertTrue(inside.aa());
    assertTrue(inside.ra());
    assertFalse(outside.ra(), "the memoised image carries no RA");
    assertTrue(insideAgain.ra());
    assertEquals(inside.answer(), outside.answer());
    assertTrue(recursion.resolved.isEmpty(), "names of our zones never leave");
  }

  @Test
  void noUpstreamAnswerIsServfailWithRa() throws Exception {
    Answer answer =
        responder.respond(query("www.example.org", Type.A).buffer(), Transport.TCP, INSIDE);
    recursion.pending.complete(Resolution.SERVFAIL);

    Reply reply = Reply.of(answer.later().toCompletableFuture().get());
    assertEquals(Rcode.SERVFAIL, reply.rcode());
    assertTrue(reply.ra());
  }

  @Test
  void forwardedAnswerTooBigForUdpIsTruncatedWhole() {
    List<Record> txt = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      txt.add(record("big.example.org.", Type.TXT, "\"record " + i + " " + "x".repeat(40) + "\""));
    }
    RrSet rrset = RrSet.of(txt.get(0).getName(), Type.TXT, txt);
    recursion.cached =
        new Resolution(Rcode.NOERROR, List.of(rrset), List.of(), List.of(), 300, 0);

    Reply udp = now(query("big.example.org", Type.TXT), INSIDE);
    Reply tcp =
        Reply.of(
            responder.respond(query("big.example.org", Type.TXT).buffer(), Transport.TCP, INSIDE)
                .now());

    assertTrue(udp.tc());
    assertTrue(udp.answer().isEmpty(), "all or nothing, like zone answers");
    assertFalse(tcp.tc());
    assertEquals(20, tcp.answer().size());
  }

  @Test
  void withoutAClientAddressNothingIsForwarded() {
    recursion.cached = www("192.0.2.80", 60, 0);
    byte[] response = responder.respond(query("www.example.org", Type.A).buffer(), Transport.UDP);
    assertEquals(Rcode.REFUSED, Reply.of(response).rcode());
    assertArrayEquals(
        response, responder.respond(query("www.example.org", Type.A).buffer(), Transport.UDP));
  }

  /** A recursion whose cache content and pending resolution the test sets. */
  private static final class ScriptedRecursion implements Recursion {
    final List<String> resolved = new ArrayList<>();
    final CompletableFuture<Resolution> pending = new CompletableFuture<>();
    Resolution cached;

    @Override
    public boolean allows(InetAddress client) {
      return client.equals(INSIDE);
    }

    @Override
    public Resolution cached(Name name, int type) {
      return cached;
    }

    @Override
    public CompletionStage<Resolution> resolve(Name name, int type) {
      resolved.add(name.canonicalize() + "/" + type);
      return pending;
    }
  }
}
