package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueSyntaxTest {

  @Test
  void socketAddressesAcceptIpv4AndBracketedIpv6() {
    assertEquals(new InetSocketAddress("10.0.0.1", 53), ValueSyntax.socketAddress("10.0.0.1:53"));
    assertEquals(new InetSocketAddress("::1", 873), ValueSyntax.socketAddress("[::1]:873"));
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.socketAddress("::1:53"));
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.socketAddress("10.0.0.1"));
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.socketAddress("[10.0.0.1]:53"));
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.socketAddress("example.org:53"));
  }

  @Test
  void cidrContainsOnlyItsOwnFamilyAndRange() throws Exception {
    Cidr net = ValueSyntax.cidr("10.1.0.0/16");
    assertTrue(net.contains(InetAddress.getByName("10.1.255.7")));
    assertFalse(net.contains(InetAddress.getByName("10.2.0.1")));
    assertFalse(net.contains(InetAddress.getByName("::ffff:10.1.0.1").getAddress().length == 4
        ? InetAddress.getByName("::1") : InetAddress.getByName("::1")));
    Cidr odd = ValueSyntax.cidr("192.168.4.0/22");
    assertTrue(odd.contains(InetAddress.getByName("192.168.7.255")));
    assertFalse(odd.contains(InetAddress.getByName("192.168.8.0")));
    assertTrue(ValueSyntax.cidr("fd00::/8").contains(InetAddress.getByName("fd12::5")));
    assertEquals(32, ValueSyntax.cidr("127.0.0.1").prefixLength());
  }

  @Test
  void cidrRefusesHostBitsAndBadLengths() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ValueSyntax.cidr("10.0.0.1/8"));
    assertEquals("'10.0.0.1/8': host bits set in 10.0.0.1/8", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.cidr("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.cidr("10.0.0.0/"));
  }

  @Test
  void durationsNeedAUnit() {
    assertEquals(Duration.ofMillis(250), ValueSyntax.duration("250ms"));
    assertEquals(Duration.ofMinutes(5), ValueSyntax.duration("5m"));
    assertEquals(Duration.ofDays(5), ValueSyntax.duration("5d"));
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.duration("5"));
    assertThrows(IllegalArgumentException.class, () -> ValueSyntax.duration("-5s"));
  }
}
