package org.webplatform.appliance.dns.transfer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.webplatform.appliance.config.Cidr;
import org.webplatform.appliance.config.DnsTransferConfig;
import org.xbill.DNS.Name;

/**
 * Who may transfer zones ({@code dns.allow_transfer}). A request is allowed when one entry's
 * network holds the client's address and the entry either names no key or names the key the
 * request was signed with and verified by. An entry without a key also admits a signed request:
 * a valid signature only adds assurance. No entries: nobody. Immutable and thread-safe.
 */
final class TransferAcl {
  private final List<Rule> rules;

  private record Rule(Cidr network, Name key) {}

  private TransferAcl(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  static TransferAcl from(List<DnsTransferConfig.Allow> entries) {
    List<Rule> rules = new ArrayList<>();
    for (DnsTransferConfig.Allow entry : entries) {
      rules.add(new Rule(entry.network(), entry.key().map(TsigKeyring::keyName).orElse(null)));
    }
    return new TransferAcl(rules);
  }

  /**
   * @param client the client's address; null (unknown) is never allowed
   * @param verifiedKey the key the request's TSIG was verified with, or null when unsigned
   */
  boolean permits(InetAddress client, Name verifiedKey) {
    if (client == null) {
      return false;
    }
    for (Rule rule : rules) {
      if (rule.network().contains(client)
          && (rule.key() == null || rule.key().equals(verifiedKey))) {
        return true;
      }
    }
    return false;
  }
}
