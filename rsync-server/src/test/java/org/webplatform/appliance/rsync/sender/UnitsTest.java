package org.webplatform.appliance.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.rsync.protocol.WireReader;

class UnitsTest {
  @Test
  void xxh64KnownValuesAndStreaming() {
    assertEquals(0xEF46DB3751D8E999L, Xxh64.hash(new byte[0], 0, 0, 0));
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    long whole = Xxh64.hash(data, 0, data.length, 12345);
    Xxh64 x = new Xxh64();
    x.reset(12345);
    for (int off = 0; off < data.length; off += 37) {
      x.update(data, off, Math.min(37, data.length - off));
    }
    assertEquals(whole, x.value());
  }

  @Test
  void rollingChecksumResetMatchesDefinitionAndRolling() throws IOException {
    byte[] data = new byte[300];
    new java.util.Random(5).nextBytes(data);
    for (int off : new int[] {0, 1, 7}) {
      for (int len = 0; len <= 70; len++) {
        int a = 0;
        int c = 0;
        for (int i = 0; i < len; i++) {
          a += data[off + i];
          c += (len - i) * data[off + i];
        }
        RollingChecksum r = new RollingChecksum();
        r.reset(data, off, len);
        assertEquals((a & 0xffff) | (c << 16), r.value(), "off " + off + " len " + len);
      }
    }
    RollingChecksum rolled = new RollingChecksum();
    rolled.reset(data, 0, 64);
    // A client with no blocks: the filter holds nothing, so each slide moves exactly max bytes.
    WeakSumIndex noBlocks =
        new WeakSumIndex(
            BlockSums.read(new WireReader(new ByteArrayInputStream(new byte[16])), 16));
    for (int start = 1; start < 200; start++) {
      assertEquals(1, rolled.slide(data, start - 1, 1, noBlocks));
      RollingChecksum fresh = new RollingChecksum();
      fresh.reset(data, start, 64);
      assertEquals(fresh.value(), rolled.value(), "window at " + start);
    }
  }

  @Test
  void rsyncSortOrder() {
    List<String[]> in =
        List.of(
            new String[] {"sub", "d"}, new String[] {"a0", "d"}, new String[] {"a.txt", "f"},
            new String[] {"sub/b.txt", "f"}, new String[] {".", "d"}, new String[] {"a", "d"},
            new String[] {"a-b", "d"}, new String[] {"a.b", "d"}, new String[] {"A", "d"},
            new String[] {"zz", "f"}, new String[] {"sub/deeper", "d"},
            new String[] {"sub/deeper/c", "f"});
    List<String[]> sorted = new ArrayList<>(in);
    sorted.sort(
        (x, y) ->
            FileNameOrder.compareNames(
                x[0].getBytes(StandardCharsets.UTF_8), x[1].equals("d"),
                y[0].getBytes(StandardCharsets.UTF_8), y[1].equals("d")));
    List<String> names = new ArrayList<>();
    sorted.forEach(e -> names.add(e[0]));
    assertEquals(
        List.of(".", "a.txt", "zz", "A", "a-b", "a.b", "a", "a0", "sub", "sub/b.txt",
            "sub/deeper", "sub/deeper/c"),
        names);
  }
}
