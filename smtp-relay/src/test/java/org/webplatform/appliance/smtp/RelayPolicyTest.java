package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webplatform.appliance.config.Cidr;
import org.webplatform.appliance.smtp.inbound.RelayPolicy;
import org.webplatform.appliance.smtp.inbound.Verdict;

class RelayPolicyTest {
  private static final RelayPolicy POLICY =
      new RelayPolicy(
          List.of(new Cidr(ip("127.0.0.1"), 32)), Set.of("anchor.test"));

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every one of these, from an outsider, must be refused with a 5xx. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "<victim@remote.test>",
        "<victim%remote.test@anchor.test>",
        "<remote.test!victim@anchor.test>",
        "<@anchor.test:victim@remote.test>",
        "<@anchor.test,@other.test:victim@remote.test>",
        "<victim@remote.test@anchor.test>",
        "<\"victim@remote.test\"@anchor.test>",
        "<\"victim%remote.test\"@anchor.test>",
        "<victim@remote.test.>",
        "<victim@anchor.test.remote.test>",
        "<victim@sub.anchor.test>",
        "<victim@[127.0.0.1]>",
        "<victim@[IPv6:::1]>",
        "<victim@127.0.0.1>",
        "<victim@anchor.test..>",
        "<victim@>",
        "<@anchor.test>",
        "<>",
        "<victim>",
        "<victim@anchor.test%remote.test>",
        "<victim@remote.test,@anchor.test>",
        "<victim@ANCHOR.TEST@remote.test>",
        "<victim@xn--nxasmq6b.remote.test>",
        "<victïm@anchor.test>",
        "<victim@anchor.test> NOTIFY=NEVER",
      })
  void outsiderTricksAreRefused(String rcpt) {
    Verdict v = POLICY.recipient(ip("127.0.0.3"), false, rcpt);
    Verdict.Reject r = assertInstanceOf(Verdict.Reject.class, v, rcpt);
    assertEquals(5, r.code() / 100, rcpt);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"<victim@anchor.test>", "<VICTIM@Anchor.Test.>", "postmaster@anchor.test"})
  void outsidersMayMailRelayDomains(String rcpt) {
    assertInstanceOf(Verdict.Accept.class, POLICY.recipient(ip("127.0.0.3"), false, rcpt));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<victim@remote.test>",
        "<victim%other.test@remote.test>",
        "<@hop.test:victim@remote.test>",
        "<victim@[127.0.0.2]>",
      })
  void insidersAndAuthenticatedUsersMayRelay(String rcpt) {
    assertInstanceOf(Verdict.Accept.class, POLICY.recipient(ip("127.0.0.1"), false, rcpt));
    assertInstanceOf(Verdict.Accept.class, POLICY.recipient(ip("127.0.0.3"), true, rcpt));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<@hop.test:victim@Remote.Test.>"})
  void sourceRoutesAreStrippedAndDomainsNormalised(String rcpt) {
    Verdict.Accept a =
        assertInstanceOf(Verdict.Accept.class, POLICY.recipient(ip("127.0.0.1"), false, rcpt));
    assertEquals("victim@remote.test", a.path().address());
  }
}
