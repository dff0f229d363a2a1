package org.webplatform.appliance.dns.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.answer.QueryBytes.query;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.zone.Zone;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The memoised fast path must answer exactly what the general path answers. */
class FastPathTest {
  private static final int[] TYPES = {
    Type.A, Type.AAAA, Type.NS, Type.SOA, Type.MX, Type.TXT, Type.CNAME, Type.SRV, Type.PTR,
    Type.CAA, Type.NAPTR, Type.DS, Type.ANY, 65400, 65300, Type.AXFR, Type.SPF
  };

  private final Responder general =
      new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE, false, 1000);

  private static List<String> fixtureNames() {
    List<String> names = new ArrayList<>();
    for (Zone zone : AnswerFixture.ZONES.zones()) {
      for (Name name : zone.names()) {
        String text = name.toString();
        names.add(text);
        names.add("nx-" + text.replace("*.", "x."));
        names.add("a.b." + text.replace("*.", ""));
      }
    }
    names.add("www.example.com.");
    names.add("version.bind.");
    return names;
  }

  /** Alternates the case of every letter: the DNS 0x20 pattern resolvers use. */
  private static String mixCase(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      sb.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
    }
    return sb.toString();
  }

  private static List<QueryBytes> variants(String name, int type) {
    return List.of(
        query(name, type),
        query(name, type).edns(512),
        query(name, type).edns(1232).dnssecOk(true),
        query(name, type).edns(4096).rd(false).cd(true));
  }

  @Test
  void fastAndGeneralPathsAreByteIdenticalForEveryFixtureNameAndType() {
    Responder fast = new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE);
    int compared = 0;
    for (String name : fixtureNames()) {
      for (int type : TYPES) {
        for (Transport transport : Transport.values()) {
          for (QueryBytes lower : variants(name, type)) {
            // First query fills the memo, the mixed-case one with another ID is served from it.
            byte[] fill = lower.id(0x0101).bytes();
            assertArrayEquals(general.respond(ByteBuffer.wrap(fill), transport),
                fast.respond(ByteBuffer.wrap(fill), transport), name + " " + type);
            QueryBytes mixed = query(mixCase(name), type);
            byte[] hit = copyShape(lower, mixed).id(0xA5A5).bytes();
            assertArrayEquals(general.respond(ByteBuffer.wrap(hit), transport),
                fast.respond(ByteBuffer.wrap(hit), transport), mixCase(name) + " " + type);
            compared += 2;
          }
        }
      }
    }
    assertTrue(fast.memoSize() > 1000, "the fast path was used: " + fast.memoSize());
    assertTrue(compared > 5000);
  }

  /** Builds the same query shape for another name (re-running the variant on a new builder). */
  private static QueryBytes copyShape(QueryBytes template, QueryBytes target) {
    byte[] t = template.bytes();
    int arcount = t[11];
    if (arcount == 0) {
      return target.rd((t[2] & 1) != 0).cd((t[3] & 0x10) != 0);
    }
    int opt = t.length - 11;
    int payload = ((t[opt + 3] & 0xFF) << 8) | (t[opt + 4] & 0xFF);
    boolean dnssecOk = (t[opt + 7] & 0x80) != 0;
    return target.rd((t[2] & 1) != 0).cd((t[3] & 0x10) != 0).edns(payload).dnssecOk(dnssecOk);
  }

  @Test
  void memoisedResponseEchoesTheIdRdAndCaseOfEachQuery() {
    Responder fast = new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE);
    fast.respond(query("www.example.internal", Type.A).buffer(), Transport.UDP);
    assertEquals(1, fast.memoSize());
    byte[] second = query("WWW.EXAMPLE.INTERNAL", Type.A).id(0x4242).rd(false).bytes();
    Reply reply = Reply.of(fast.respond(ByteBuffer.wrap(second), Transport.UDP));
    assertEquals(1, fast.memoSize(), "case does not make a new memo entry");
    assertEquals(0x4242, reply.id());
    assertTrue(!reply.rd());
    assertEquals(Name.fromConstantString("WWW.EXAMPLE.INTERNAL."),
        reply.message.getQuestion().getName());
    assertEquals("WWW.EXAMPLE.INTERNAL.", reply.message.getQuestion().getName().toString());
    assertEquals(2, reply.answer().size(), "CNAME www -> host1 and host1's A");
  }

  @Test
  void queriesOfUnusualShapeTakeTheGeneralPathAndAreNotMemoised() {
    Responder fast = new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE);
    byte[] withOption =
        query("host1.example.internal", Type.A).edns(1232).ednsOption(10, new byte[8]).bytes();
    byte[] badVersion = query("host1.example.internal", Type.A).edns(1232).ednsVersion(1).bytes();
    byte[] chaos = query("version.bind", Type.TXT).dclass(3).bytes();
    for (byte[] query : List.of(withOption, badVersion, chaos)) {
      assertArrayEquals(general.respond(ByteBuffer.wrap(query), Transport.UDP),
          fast.respond(ByteBuffer.wrap(query), Transport.UDP));
    }
    assertEquals(0, fast.memoSize());
  }

  @Test
  void optWithACompressedOwnerIsFormerrOnBothPaths() {
    // RFC 6891 §6.1.2: the OPT owner is the root. Here it is a pointer to the question name.
    byte[] query = query("host1.example.internal", Type.A).edns(1232).bytes();
    int opt = query.length - 11;
    byte[] patched = new byte[query.length + 1];
    System.arraycopy(query, 0, patched, 0, opt);
    patched[opt] = (byte) 0xC0;
    patched[opt + 1] = 12;
    System.arraycopy(query, opt + 1, patched, opt + 2, 10);
    Responder fast = new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE);
    byte[] answer = fast.respond(ByteBuffer.wrap(patched), Transport.UDP);
    assertArrayEquals(general.respond(ByteBuffer.wrap(patched), Transport.UDP), answer);
    assertEquals(1, Reply.of(answer).rcode());
    assertEquals(0, fast.memoSize());
  }

  @Test
  void trailingOctetsAfterTheQuestionTakeTheGeneralPath() {
    byte[] query = query("host1.example.internal", Type.A).bytes();
    byte[] padded = java.util.Arrays.copyOf(query, query.length + 3);
    Responder fast = new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE);
    byte[] answer = fast.respond(ByteBuffer.wrap(padded), Transport.UDP);
    assertArrayEquals(general.respond(ByteBuffer.wrap(padded), Transport.UDP), answer);
    assertEquals(List.of("192.0.2.10"), List.of(Reply.of(answer).answer().get(0).rdataToString()));
    assertEquals(0, fast.memoSize());
  }

  @Test
  void bufferPositionIsRespectedAndLeftUnchanged() {
    byte[] query = query("host1.example.internal", Type.A).bytes();
    byte[] framed = new byte[query.length + 2];
    framed[1] = (byte) query.length;
    System.arraycopy(query, 0, framed, 2, query.length);
    Responder fast = new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE);
    ByteBuffer buffer = ByteBuffer.wrap(framed);
    buffer.position(2);
    byte[] first = fast.respond(buffer, Transport.TCP);
    assertEquals(2, buffer.position());
    byte[] second = fast.respond(buffer, Transport.TCP);
    assertArrayEquals(general.respond(ByteBuffer.wrap(query), Transport.TCP), first);
    assertArrayEquals(first, second);
  }

  @Test
  void memoStopsGrowingAtItsCapacity() {
    Responder fast = new Responder(() -> AnswerFixture.ZONES, 1232, AnswerObserver.NONE, true, 5);
    for (int i = 0; i < 20; i++) {
      byte[] q = query("n" + i + ".wild.example.internal", Type.A).bytes();
      assertArrayEquals(general.respond(ByteBuffer.wrap(q), Transport.UDP),
          fast.respond(ByteBuffer.wrap(q), Transport.UDP));
    }
    assertEquals(5, fast.memoSize());
  }

  @Test
  void newSnapshotStartsANewMemo(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("t.internal"), zone("192.0.2.1"));
    AtomicReference<ZoneSet> current =
        new AtomicReference<>(ZoneDirectory.load(dir, ZoneSet.EMPTY).zones());
    Responder fast = new Responder(current::get, 1232, AnswerObserver.NONE);
    byte[] q = query("h.t.internal", Type.A).bytes();
    Reply before = Reply.of(fast.respond(ByteBuffer.wrap(q), Transport.UDP));
    assertEquals("192.0.2.1", before.answer().get(0).rdataToString());

    Path other = dir.resolve("next");
    Files.createDirectory(other);
    Files.writeString(other.resolve("t.internal"), zone("192.0.2.2"));
    current.set(ZoneDirectory.load(other, ZoneSet.EMPTY).zones());
    Reply after = Reply.of(fast.respond(ByteBuffer.wrap(q), Transport.UDP));
    assertEquals("192.0.2.2", after.answer().get(0).rdataToString());
    assertNotEquals(before.answer(), after.answer());
  }

  private static String zone(String address) {
    return "$TTL 60\n@ IN SOA ns.t.internal. h.t.internal. 1 2 3 4 5\n"
        + "  IN NS ns.t.internal.\nns IN A 192.0.2.53\nh IN A " + address + "\n";
  }
}
