package org.webplatform.appliance.dns.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.webplatform.appliance.dns.forward.Records.noerror;
import static org.webplatform.appliance.dns.forward.Records.response;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

class CacheLifetimeTest {
  private static final long DAY = 86_400;
  private static final long THREE_HOURS = 10_800;
  private static final String SOA =
      "N: example.com. 3600 IN SOA ns.example.com. host.example.com. 1 7200 900 1209600 300";

  private static long lifetime(Message response) {
    return CacheLifetime.of(response, DAY, THREE_HOURS);
  }

  @Test
  void positiveAnswerLivesAsLongAsItsShortestAnswerTtl() {
    assertEquals(
        60,
        lifetime(
            noerror(
                "www.example.com.",
                Type.A,
                "A: www.example.com. 3600 IN CNAME web.example.com.",
                "A: web.example.com. 60 IN A 192.0.2.1",
                "N: example.com. 5 IN NS ns.example.com.")));
  }

  @Test
  void positiveLifetimeIsCappedByCacheMaxTtl() {
    Message week = noerror("www.example.com.", Type.A, "A: www.example.com. 604800 IN A 192.0.2.1");
    assertEquals(DAY, lifetime(week));
  }

  @Test
  void nxdomainLivesForTheSmallerOfSoaTtlAndMinimum() {
    // RFC 2308 §5: min(3600, 300).
    assertEquals(300, lifetime(response(Rcode.NXDOMAIN, "nope.example.com.", Type.A, SOA)));
  }

  @Test
  void nodataIsNegativeToo() {
    assertEquals(300, lifetime(noerror("www.example.com.", Type.MX, SOA)));
  }

  @Test
  void negativeLifetimeIsCappedByCacheMaxNegativeTtl() {
    Message response = response(Rcode.NXDOMAIN, "nope.example.com.", Type.A, SOA);
    assertEquals(100, CacheLifetime.of(response, DAY, 100));
    assertEquals(0, CacheLifetime.of(response, DAY, 0));
  }

  @Test
  void cnameIntoANegativeAnswerLivesNoLongerThanEitherPart() {
    Message response =
        response(
            Rcode.NXDOMAIN,
            "alias.example.com.",
            Type.A,
            "A: alias.example.com. 3600 IN CNAME gone.example.com.",
            SOA);
    assertEquals(300, lifetime(response));
  }

  @Test
  void negativeAnswerWithoutSoaIsNotCached() {
    // RFC 2308 §5: a referral or lame answer, not a negative answer one may cache.
    Message referral =
        noerror("www.sub.example.com.", Type.A, "N: sub.example.com. 3600 IN NS ns.example.net.");
    assertEquals(CacheLifetime.UNCACHEABLE, lifetime(referral));
    assertEquals(
        CacheLifetime.UNCACHEABLE, lifetime(response(Rcode.NXDOMAIN, "x.example.com.", Type.A)));
  }

  @Test
  void servfailAndTruncatedResponsesAreNotCached() {
    assertEquals(
        CacheLifetime.UNCACHEABLE,
        lifetime(response(Rcode.SERVFAIL, "www.example.com.", Type.A)));
    Message truncated =
        noerror("www.example.com.", Type.A, "A: www.example.com. 60 IN A 192.0.2.1");
    truncated.getHeader().setFlag(Flags.TC);
    assertEquals(CacheLifetime.UNCACHEABLE, lifetime(truncated));
  }
}
