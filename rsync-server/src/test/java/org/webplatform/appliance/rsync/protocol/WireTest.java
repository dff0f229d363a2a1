package org.webplatform.appliance.rsync.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class WireTest {
  @Test
  void varintsMatchRecordedBytes() throws Exception {
    assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xff}, varint(0x1ff));
    assertArrayEquals(new byte[] {(byte) 0xa0, 0x01}, varint(0x2001));
    assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0x98}, varint(0x98));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    new WireWriter(b).writeVarlong(4096, 3);
    assertArrayEquals(new byte[] {0, 0, 0x10}, b.toByteArray());
  }

  @Test
  void roundTrips() throws Exception {
    long[] values = {0, 1, 127, 128, 255, 256, 65535, 1L << 24, (1L << 31) - 1, 1L << 32,
        (2L << 30) + 12345, Long.MAX_VALUE, -1};
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    WireWriter w = new WireWriter(b);
    int[] ndx = {0, 1, 2, 300, 299, 70000, 5, -1, -3, 100000};
    for (long v : values) {
      w.writeVarlong(v, 3);
      w.writeVarlong(v, 4);
      w.writeVarint((int) v);
    }
    for (int n : ndx) {
      w.writeNdx(n);
    }
    WireReader r = new WireReader(new ByteArrayInputStream(b.toByteArray()));
    for (long v : values) {
      assertEquals(v, r.readVarlong(3));
      assertEquals(v, r.readVarlong(4));
      assertEquals((int) v, r.readVarint());
    }
    for (int n : ndx) {
      assertEquals(n, r.readNdx());
    }
  }

  private static byte[] varint(int v) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    new WireWriter(b).writeVarint(v);
    return b.toByteArray();
  }
}
