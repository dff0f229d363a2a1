package org.webplatform.appliance.dns.rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Name folding and reading on hand-made messages. */
class WireTest {

  private static byte[] message(int... octets) {
    byte[] message = new byte[octets.length];
    for (int i = 0; i < octets.length; i++) {
      message[i] = (byte) octets[i];
    }
    return message;
  }

  /** The labels of {@code name} on the wire, without the root label. */
  private static int[] labels(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    return unsigned(out.toByteArray());
  }

  private static int[] unsigned(byte[] bytes) {
    return IntStream.range(0, bytes.length).map(i -> bytes[i] & 0xFF).toArray();
  }

  private static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }

  @Test
  void aNameFoldsAlikeWhateverItsCaseAndCompression() {
    byte[] inline = message(concat(labels("www.Example-01.internal"), new int[] {0}));
    byte[] upper = message(concat(labels("WWW.EXAMPLE-01.INTERNAL"), new int[] {0}));
    // "example-01.internal" first, then "www" with a pointer to it at offset 0.
    int[] suffix = concat(labels("example-01.internal"), new int[] {0});
    byte[] pointed = message(concat(suffix, labels("www"), new int[] {0xC0, 0}));
    int start = suffix.length;

    long expected = Wire.foldName(inline, 0, 7);
    assertEquals(expected, Wire.foldName(upper, 0, 7));
    assertEquals(expected, Wire.foldName(pointed, start, 7));
    assertEquals("www.example-01.internal.", Wire.nameText(pointed, start));
    assertNotEquals(expected, Wire.foldName(inline, 0, 8), "the seed matters");
    byte[] other = message(concat(labels("ww.wexample-01.internal"), new int[] {0}));
    assertNotEquals(expected, Wire.foldName(other, 0, 7), "label boundaries matter");
  }

  @Test
  void everyOctetIsLowerCasedAsAsciiWhetherReadAloneOrInAWord() {
    for (int c = 0; c < 256; c++) {
      // One label of eight equal octets is read as a word after its length octet; the same
      // label of seven octets plus one is read octet by octet.
      byte[] word = message(concat(new int[] {8, c, c, c, c, c, c, c, c}, new int[] {0}));
      int lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
      byte[] expected =
          message(concat(new int[] {8, lower, lower, lower, lower, lower, lower, lower, lower},
              new int[] {0}));
      assertEquals(Wire.foldName(expected, 0, 1), Wire.foldName(word, 0, 1), "octet " + c);
    }
  }

  @Test
  void malformedNamesStopWithoutThrowing() {
    byte[] loop = message(0xC0, 0);
    Wire.foldName(loop, 0, 1);
    assertEquals(".", Wire.nameText(loop, 0));
    byte[] cut = message(5, 'a', 'b');
    Wire.foldName(cut, 0, 1);
    assertEquals(-1, Wire.skipName(cut, 0));
    assertEquals(-1, Wire.skipName(message(0x40, 0), 0), "reserved label type");
    assertEquals(2, Wire.skipName(message(0xC0, 0), 0));
  }
}
