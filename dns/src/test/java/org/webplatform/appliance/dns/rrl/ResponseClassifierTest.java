package org.webplatform.appliance.dns.rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Classes and imputed names of real responses, and of what a relay might hand over. */
class ResponseClassifierTest {

  private static String classified(byte[] response) {
    int classification = ResponseClassifier.classify(response);
    int name = ResponseClassifier.nameOffset(classification);
    return ResponseClassifier.responseClass(classification).label()
        + " "
        + (name >= 0 ? Wire.nameText(response, name) : ".");
  }

  @Test
  void answersAreKeyedByTheQueryName() {
    assertEquals(
        "positive www.example.internal.",
        classified(Responses.udp("WWW.Example.Internal.", Type.A)));
    assertEquals(
        "positive alias.example.internal.",
        classified(Responses.udp("alias.example.internal.", Type.A)));
  }

  @Test
  void wildcardAnswersAreAnswersForTheQueryName() {
    assertEquals(
        "positive x.wild.example.internal.",
        classified(Responses.udp("x.wild.example.internal.", Type.A)));
  }

  @Test
  void negativeAnswersAreKeyedByTheZone() {
    assertEquals(
        "nxdomain example.internal.",
        classified(Responses.udp("random-4711.example.internal.", Type.A, 1232)));
    assertEquals(
        "nodata example.internal.", classified(Responses.udp("www.example.internal.", Type.MX)));
  }

  @Test
  void referralsAreKeyedByTheDelegation() {
    assertEquals(
        "referral sub.example.internal.",
        classified(Responses.udp("host.sub.example.internal.", Type.A)));
  }

  @Test
  void errorsShareTheRoot() {
    assertEquals("error .", classified(Responses.udp("elsewhere.test.", Type.A)));
    assertEquals("error .", classified(Responses.udp("www.example.internal.", 200)));
  }

  @Test
  void truncatedAnswersCountAgainstTheNameTheyStandFor() {
    byte[] truncated = Responses.udp("big.example.internal.", Type.TXT);
    assertEquals(0x02, truncated[2] & 0x02, "the fixture answer must not fit 512 octets");
    assertEquals("positive big.example.internal.", classified(truncated));
  }

  @Test
  void malformedResponsesAreErrorsAndNeverThrow() {
    assertEquals("error .", classified(new byte[5]));
    byte[] nxdomain = Responses.udp("nope.example.internal.", Type.A);
    for (int length = 0; length < nxdomain.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(nxdomain, length);
      String result = classified(cut);
      assertEquals(true, result.startsWith("error") || result.startsWith("nxdomain"), result);
    }
    byte[] loop = nxdomain.clone();
    // The SOA owner is a pointer to the question's zone; point the question at itself.
    loop[12] = (byte) 0xC0;
    loop[13] = 12;
    classified(loop);
  }
}
