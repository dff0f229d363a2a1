package org.webplatform.appliance.dns.rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.config.DnsRrlConfig;

class ClientNetworksTest {
  private final ClientNetworks networks =
      new ClientNetworks(24, 56, DnsRrlConfig.INTERNAL_NETWORKS);

  private static byte[] raw(String address) throws Exception {
    return InetAddress.getByName(address).getAddress();
  }

  @Test
  void networksAreNamedInCidrNotation() throws Exception {
    assertEquals("203.0.113.0/24", networks.networkText(raw("203.0.113.77")));
    assertEquals("2001:db8:0:ff00::/56", networks.networkText(raw("2001:db8:0:ffab::1")));
    assertEquals("::/56", networks.networkText(raw("::abcd")));
    assertEquals("2001:db8::/32", new ClientNetworks(8, 32, List.of())
        .networkText(raw("2001:db8:1234::1")));
    assertEquals("10.0.0.0/8", new ClientNetworks(8, 32, List.of()).networkText(raw("10.1.2.3")));
  }

  @Test
  void exemptNetworksMatchByPrefixAndFamily() throws Exception {
    assertTrue(exempt(raw("172.16.0.1")));
    assertTrue(exempt(raw("172.31.255.255")));
    assertFalse(exempt(raw("172.32.0.0")));
    assertTrue(exempt(raw("fdff:ffff::1")));
    assertFalse(exempt(raw("fe80::1")));
    assertFalse(exempt(raw("::2")));
    assertFalse(exempt(raw("0.0.0.1")), "::1 must not match IPv4");
  }

  @Test
  void addressesOfOneNetworkShareItsBits() throws Exception {
    byte[] a = raw("2001:db8:0:1::1");
    byte[] b = raw("2001:db8:0:ff:ffff:ffff:ffff:ffff");
    assertEquals(networkHigh(a), networkHigh(b));
    assertEquals(networkLow(a), networkLow(b));
    assertEquals(networkLow(raw("192.0.2.1")), networkLow(raw("192.0.2.255")));
    assertEquals(0xC0000200L, networkLow(raw("192.0.2.99")));
  }

  private boolean exempt(byte[] raw) {
    return networks.exempt(raw.length == 16, ClientNetworks.high(raw), ClientNetworks.low(raw));
  }

  private long networkHigh(byte[] raw) {
    return networks.networkHigh(raw.length == 16, ClientNetworks.high(raw));
  }

  private long networkLow(byte[] raw) {
    return networks.networkLow(raw.length == 16, ClientNetworks.low(raw));
  }

}
