package org.webplatform.appliance.dns.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The flat memo table: keys, probing, growth and its bound. */
class ResponseMemoTest {

  /** A query with one question of class IN, no OPT; labels as raw octets. */
  private static ByteBuffer query(int id, int type, byte[]... labels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0});
    for (byte[] label : labels) {
      out.write(label.length);
      out.writeBytes(label);
    }
    out.writeBytes(new byte[] {0, (byte) (type >> 8), (byte) type, 0, 1});
    return ByteBuffer.wrap(out.toByteArray());
  }

  private static ByteBuffer query(int id, int type, String name) {
    String[] parts = name.split("\\.");
    byte[][] labels = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      labels[i] = parts[i].getBytes(StandardCharsets.US_ASCII);
    }
    return query(id, type, labels);
  }

  private static MemoKey key(ByteBuffer query) {
    MemoKey key = new MemoKey();
    assertTrue(key.parse(query, Transport.UDP, 1232));
    return key;
  }

  /** A fake response to {@code query}: the query with QR set and {@code marker} appended. */
  private static Outcome response(ByteBuffer query, int marker) {
    byte[] wire = new byte[query.remaining() + 1];
    query.get(query.position(), wire, 0, query.remaining());
    wire[2] |= (byte) 0x80;
    wire[wire.length - 1] = (byte) marker;
    return new Outcome(wire, Type.A, Rcode.NOERROR, false);
  }

  private static int marker(byte[] record, ByteBuffer query) {
    byte[] out = MemoRecord.render(record, query);
    return out[out.length - 1] & 0xFF;
  }

  private static ResponseMemo memo(int capacity) {
    return new ResponseMemo(ZoneSet.EMPTY, capacity);
  }

  @Test
  void missesBeforeAndAfterAPutOfAnotherKey() {
    ResponseMemo memo = memo(100);
    assertNull(memo.get(key(query(1, Type.A, "www.example.internal"))));
    ByteBuffer stored = query(1, Type.A, "www.example.internal");
    memo.put(key(stored), response(stored, 7));
    assertNull(memo.get(key(query(1, Type.AAAA, "www.example.internal"))), "other type");
    assertNull(memo.get(key(query(1, Type.A, "www2.example.internal"))), "other name");
    assertNull(memo.get(key(query(1, Type.A, "www.example"))), "shorter name");
    assertEquals(1, memo.size());
  }

  @Test
  void namesMatchWhateverTheirCaseAndTheResponseEchoesTheQuery() {
    ResponseMemo memo = memo(100);
    ByteBuffer stored = query(1, Type.A, "Host1.Example.Internal");
    memo.put(key(stored), response(stored, 9));
    ByteBuffer asked = query(0x4242, Type.A, "hOST1.EXAMPLE.internal");
    byte[] record = memo.get(key(asked));
    assertNotNull(record);
    byte[] out = MemoRecord.render(record, asked);
    assertEquals(0x42, out[0]);
    assertEquals(0x42, out[1]);
    byte[] sentName = new byte[asked.remaining() - 12 - 4];
    asked.get(12, sentName);
    byte[] echoedName = new byte[sentName.length];
    System.arraycopy(out, 12, echoedName, 0, echoedName.length);
    assertArrayEquals(sentName, echoedName, "the question as sent, case included");
    assertEquals(9, out[out.length - 1]);
    assertEquals(Type.A, MemoRecord.qtype(record));
    assertEquals(Rcode.NOERROR, MemoRecord.rcode(record));
  }

  @Test
  void keysWithTheSameHashAreBothFound() {
    // The key hash is the polynomial h = 31 h + octet: "az" and "b[" give the same value.
    ByteBuffer first = query(1, Type.A, new byte[] {'a', 'z'});
    ByteBuffer second = query(1, Type.A, new byte[] {'b', '['});
    assertEquals(key(first).hash(), key(second).hash(), "a real collision");
    ResponseMemo memo = memo(100);
    memo.put(key(first), response(first, 1));
    memo.put(key(second), response(second, 2));
    assertEquals(2, memo.size());
    assertEquals(1, marker(memo.get(key(first)), first));
    assertEquals(2, marker(memo.get(key(second)), second));
  }

  @Test
  void growsAndFindsEveryRecordAfterwards() {
    ResponseMemo memo = memo(100_000);
    int n = 5_000; // several doublings from the initial 1,024 slots
    for (int i = 0; i < n; i++) {
      ByteBuffer q = query(1, Type.A, "host" + i + ".example.internal");
      memo.put(key(q), response(q, i));
    }
    assertEquals(n, memo.size());
    for (int i = 0; i < n; i++) {
      ByteBuffer q = query(2, Type.A, "HOST" + i + ".example.internal");
      byte[] record = memo.get(key(q));
      assertNotNull(record, "host" + i);
      assertEquals(i & 0xFF, marker(record, q));
    }
    assertNull(memo.get(key(query(2, Type.A, "host" + n + ".example.internal"))));
  }

  @Test
  void stopsAddingAtItsCapacityAndKeepsTheFirstResponseOfAKey() {
    ResponseMemo memo = memo(10);
    for (int i = 0; i < 20; i++) {
      ByteBuffer q = query(1, Type.A, "n" + i + ".example.internal");
      memo.put(key(q), response(q, i));
    }
    assertEquals(10, memo.size());
    assertNull(memo.get(key(query(1, Type.A, "n15.example.internal"))));
    ByteBuffer again = query(1, Type.A, "n3.example.internal");
    memo.put(key(again), response(again, 99));
    assertEquals(3, marker(memo.get(key(again)), again));
  }

  @Test
  void readersOnOtherThreadsSeeCompleteRecordsWhileTheTableGrows() throws Exception {
    ResponseMemo memo = memo(100_000);
    int n = 20_000;
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < n; i++) {
                ByteBuffer q = query(1, Type.A, "w" + i + ".example.internal");
                memo.put(key(q), response(q, i));
              }
            });
    writer.start();
    int seen = 0;
    while (writer.isAlive() || seen < n) {
      seen = 0;
      for (int i = 0; i < n; i += 97) {
        ByteBuffer q = query(1, Type.A, "w" + i + ".example.internal");
        byte[] record = memo.get(key(q));
        if (record != null) {
          assertEquals(i & 0xFF, marker(record, q));
        }
      }
      if (!writer.isAlive()) {
        seen = memo.size();
      }
    }
    writer.join();
    assertEquals(n, memo.size());
  }
}
