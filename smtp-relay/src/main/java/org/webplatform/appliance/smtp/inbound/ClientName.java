package org.webplatform.appliance.smtp.inbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.subethamail.smtp.MessageContext;
import org.webplatform.appliance.config.HostPort;

/**
 * How log lines name an SMTP client: Postfix's {@code name[address]}. The relay does no reverse
 * lookup, so the name is always {@code unknown}, as in Postfix with
 * {@code smtpd_peername_lookup = no}; the HELO name, which the client chooses freely, is logged
 * apart as {@code helo=<...>} and never passed off as the client's name.
 */
final class ClientName {
  private ClientName() {}

  static String of(InetAddress address) {
    return "unknown[" + HostPort.address(address) + "]";
  }

  static String of(MessageContext context) {
    return of(((InetSocketAddress) context.getRemoteAddress()).getAddress());
  }
}
