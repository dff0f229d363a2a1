package org.webplatform.appliance.dns.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.answer.QueryBytes.query;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.zone.DynamicAnswer;
import org.webplatform.appliance.dns.zone.DynamicZones;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Pool answers and the memo: failover answers are fixed per snapshot and memoised like static
 * data; round-robin and weighted answers are picked per query and never memoised; a new
 * snapshot (a health change) is answered from the next query on.
 */
class PoolAnswerMemoTest {
  @TempDir Path dir;
  private ZoneSet loaded;

  @BeforeEach
  void loadZone() throws Exception {
    Files.writeString(
        dir.resolve("t.internal"),
        "$TTL 3600\n@ SOA ns1 hostmaster 1 3600 900 1209600 300\n  NS ns1\nns1 A 192.0.2.1\n"
            + "db DYNA masterdb\nrr DYNA accounts\nalias CNAME rr\n");
    loaded =
        ZoneDirectory.load(dir, ZoneSet.EMPTY, List.of(), Set.of("masterdb", "accounts")).zones();
  }

  private ZoneSet serve(String masterdb) throws Exception {
    DynamicAnswer failover =
        new DynamicAnswer(
            30, DynamicAnswer.Selection.ALL, List.of(InetAddress.getByName(masterdb)), List.of());
    DynamicAnswer roundRobin =
        new DynamicAnswer(
            10,
            DynamicAnswer.Selection.ROTATE,
            List.of(
                InetAddress.getByName("10.0.0.31"),
                InetAddress.getByName("10.0.0.32"),
                InetAddress.getByName("10.0.0.33")),
            List.of());
    return DynamicZones.materialise(loaded, Map.of("masterdb", failover, "accounts", roundRobin)::get);
  }

  private static Reply ask(Responder responder, String name) {
    byte[] wire = query(name, Type.A).edns(1232).bytes();
    return Reply.of(responder.respond(ByteBuffer.wrap(wire), Transport.UDP));
  }

  private static String firstAddress(Reply reply) {
    return ((ARecord) reply.message.getSection(Section.ANSWER).get(reply.count(1) - 1))
        .getAddress()
        .getHostAddress();
  }

  @Test
  void failoverIsMemoisedAndANewSnapshotIsAnsweredAtOnce() throws Exception {
    AtomicReference<ZoneSet> served = new AtomicReference<>(serve("10.0.0.11"));
    Responder responder =
        new Responder(served::get, 1232, AnswerObserver.NONE, true, 1000);

    Reply first = ask(responder, "db.t.internal");
    assertEquals("10.0.0.11", firstAddress(first));
    assertEquals(1, responder.memoSize());
    assertArrayEquals(first.wire, ask(responder, "db.t.internal").wire, "served from the memo");
    assertEquals(1, responder.memoSize());

    served.set(serve("10.0.0.12"));
    assertEquals("10.0.0.12", firstAddress(ask(responder, "db.t.internal")));
  }

  @Test
  void roundRobinIsPickedPerQueryAndNeverMemoised() throws Exception {
    ZoneSet snapshot = serve("10.0.0.11");
    Responder responder = new Responder(() -> snapshot, 1232, AnswerObserver.NONE, true, 1000);

    Set<String> firstOfRotation = new HashSet<>();
    Set<String> firstViaCname = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      Reply direct = ask(responder, "rr.t.internal");
      assertEquals(3, direct.count(1));
      assertEquals(10, direct.message.getSection(Section.ANSWER).get(0).getTTL());
      firstOfRotation.add(
          ((ARecord) direct.message.getSection(Section.ANSWER).get(0)).getAddress()
              .getHostAddress());
      Reply viaCname = ask(responder, "alias.t.internal");
      assertEquals(4, viaCname.count(1), "the CNAME, then the pool's three addresses");
      firstViaCname.add(
          ((ARecord) viaCname.message.getSection(Section.ANSWER).get(1)).getAddress()
              .getHostAddress());
    }
    assertEquals(Set.of("10.0.0.31", "10.0.0.32", "10.0.0.33"), firstOfRotation);
    assertTrue(firstViaCname.size() > 1, "a CNAME to a per-query name is not memoised either");
    assertEquals(0, responder.memoSize());
  }
}
