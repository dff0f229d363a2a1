package org.webplatform.appliance.dns.zone;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Maps a zone file name to the zone name as gdnsd does: a trailing dot is optional, {@code @}
 * stands for {@code /} (RFC 2317 classless reverse zones such as {@code 0/26.2.0.192.in-addr.arpa}
 * cannot have a slash in a file name), and {@code ROOT_ZONE} is the root. Stateless.
 */
final class ZoneFileName {
  static final String ROOT_ZONE = "ROOT_ZONE";

  private ZoneFileName() {}

  /**
   * Returns the lower-case absolute zone name.
   *
   * @throws TextParseException when the file name is not a valid domain name
   */
  static Name zoneName(String fileName) throws TextParseException {
    if (fileName.equals(ROOT_ZONE)) {
      return Name.root;
    }
    String text = fileName.replace('@', '/');
    if (text.isEmpty() || text.equals(".") || text.startsWith(".")) {
      throw new TextParseException("'" + fileName + "' is not a zone name");
    }
    if (!text.endsWith(".")) {
      text = text + ".";
    }
    return Name.fromString(text).canonicalize();
  }
}
