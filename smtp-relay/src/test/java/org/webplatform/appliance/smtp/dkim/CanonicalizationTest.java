package org.webplatform.appliance.smtp.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6376 §3.4 canonicalization, starting with the §3.4.5 example. */
class CanonicalizationTest {
  private static final String EXAMPLE = "A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n";

  private static String headers(Canonicalization c, String message) throws Exception {
    List<HeaderField> fields = MessageHeader.read(stream(message), 1 << 20).fields();
    StringBuilder sb = new StringBuilder();
    for (HeaderField f : fields) {
      sb.append(new String(HeaderCanonicalizer.canonicalize(c, f), StandardCharsets.ISO_8859_1));
    }
    return sb.toString();
  }

  private static String body(Canonicalization c, String body) {
    byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    BodyCanonicalizer canon = c.body(whole::write);
    canon.update(b, 0, b.length);
    canon.finish();
    // One byte at a time: a CRLF split across reads must still end a line.
    ByteArrayOutputStream bytewise = new ByteArrayOutputStream();
    canon = c.body(bytewise::write);
    for (int i = 0; i < b.length; i++) {
      canon.update(b, i, 1);
    }
    canon.finish();
    assertEquals(whole.toString(StandardCharsets.ISO_8859_1),
        bytewise.toString(StandardCharsets.ISO_8859_1));
    return whole.toString(StandardCharsets.ISO_8859_1);
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void rfc6376Section345Example() throws Exception {
    assertEquals("a:X\r\nb:Y Z\r\n", headers(Canonicalization.RELAXED, EXAMPLE));
    assertEquals("A: X\r\nB : Y\t\r\n\tZ  \r\n", headers(Canonicalization.SIMPLE, EXAMPLE));
    String body = " C \r\nD \t E\r\n\r\n\r\n";
    assertEquals(" C\r\nD E\r\n", body(Canonicalization.RELAXED, body));
    assertEquals(" C \r\nD \t E\r\n", body(Canonicalization.SIMPLE, body));
  }

  @Test
  void emptyBodies() {
    // §3.4.3: simple turns an empty body into one CRLF; §3.4.4: relaxed leaves it empty.
    assertEquals("\r\n", body(Canonicalization.SIMPLE, ""));
    assertEquals("", body(Canonicalization.RELAXED, ""));
    assertEquals("\r\n", body(Canonicalization.SIMPLE, "\r\n\r\n"));
    assertEquals("", body(Canonicalization.RELAXED, " \r\n\t\r\n"));
  }

  @Test
  void missingFinalCrlfIsAdded() {
    assertEquals("x\r\n", body(Canonicalization.SIMPLE, "x"));
    assertEquals("x y\r\n", body(Canonicalization.RELAXED, "x \t y \t"));
  }

  @Test
  void innerEmptyLinesStayAndBareCrIsData() {
    assertEquals("a\r\n\r\n\r\nb\r\n", body(Canonicalization.SIMPLE, "a\r\n\r\n\r\nb\r\n\r\n"));
    assertEquals("a\rb\r\n", body(Canonicalization.SIMPLE, "a\rb\r\n"));
  }

  @Test
  void eightBitBytesPassThrough() {
    String latin1 = "K\u00f6ln \u00ff\u00e9\r\n";
    assertEquals(latin1, body(Canonicalization.SIMPLE, latin1));
    assertEquals(latin1, body(Canonicalization.RELAXED, latin1));
  }

  @Test
  void relaxedHeaderLowercasesOnlyAsciiAndUnfolds() throws Exception {
    assertEquals("subject:caf\u00c9 x y\r\n",
        headers(Canonicalization.RELAXED, "SUBJECT :\t caf\u00c9\r\n  x\r\n\ty \r\n\r\n"));
  }

  @Test
  void headerReadingStopsAtTheEmptyLine() throws Exception {
    ByteArrayInputStream in = stream("A: 1\r\nB: 2\r\n\r\nbody\r\n");
    assertEquals(2, MessageHeader.read(in, 1000).fields().size());
    assertEquals("body\r\n", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void crlfNormalizerMatchesTheSmtpWriter() throws Exception {
    CrlfNormalizer n = new CrlfNormalizer(stream("a\nb\rc\r\nd\r"));
    assertEquals("a\r\nb\r\nc\r\nd\r\n", new String(n.readAllBytes(), StandardCharsets.US_ASCII));
  }

  @Test
  void crlfNormalizerGivesTheSameBytesWhateverTheReadSizes() throws Exception {
    // CR, LF and other bytes at random, longer than the normalizer's 8 KiB block, so that bare
    // CRs and LFs fall on block and read boundaries.
    java.util.Random random = new java.util.Random(42);
    byte[] raw = new byte[40_000];
    for (int i = 0; i < raw.length; i++) {
      int r = random.nextInt(6);
      raw[i] = (byte) (r == 0 ? '\r' : r == 1 ? '\n' : 'a' + r);
    }
    raw[raw.length - 1] = '\r';
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '\n' && (i == 0 || raw[i - 1] != '\r')) {
        expected.append("\r\n");
      } else if (b == '\r' && (i == raw.length - 1 || raw[i + 1] != '\n')) {
        expected.append("\r\n");
      } else {
        expected.append((char) b);
      }
    }
    for (int chunk : new int[] {1, 2, 3, 7, 8192, 16384, 100_000}) {
      CrlfNormalizer n = new CrlfNormalizer(new ByteArrayInputStream(raw));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[chunk];
      int got;
      while ((got = chunk == 1 ? single(n, buf) : n.read(buf, 0, chunk)) >= 0) {
        out.write(buf, 0, got);
      }
      assertEquals(expected.toString(), out.toString(StandardCharsets.ISO_8859_1),
          "reads of " + chunk);
    }
  }

  private static int single(CrlfNormalizer n, byte[] buf) throws Exception {
    int b = n.read();
    if (b < 0) {
      return -1;
    }
    buf[0] = (byte) b;
    return 1;
  }
}
