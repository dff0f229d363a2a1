package org.webplatform.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {
  private static String format(String ip, int port) throws Exception {
    return HostPort.format(new InetSocketAddress(InetAddress.getByName(ip), port));
  }

  @Test
  void formatsLikeTheConfigFile() throws Exception {
    assertEquals("127.0.0.1:53", format("127.0.0.1", 53));
    assertEquals("[::1]:53", format("::1", 53));
    assertEquals("[::]:873", format("::", 873));
    assertEquals("[fd00::10]:25", format("fd00:0:0:0:0:0:0:10", 25));
    // RFC 5952 §4.2.3: the first of two equally long zero runs is shortened.
    assertEquals("[2001:db8::1:0:0:1]:1", format("2001:db8:0:0:1:0:0:1", 1));
    // §4.2.2: one zero group stays.
    assertEquals("[2001:db8:0:1:1:1:1:1]:1", format("2001:db8:0:1:1:1:1:1", 1));
  }
}
