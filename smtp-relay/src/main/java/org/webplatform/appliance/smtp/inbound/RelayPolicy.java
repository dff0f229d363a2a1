package org.webplatform.appliance.smtp.inbound;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.webplatform.appliance.config.Cidr;

/**
 * Who may send mail where: Postfix's {@code permit_mynetworks, permit_sasl_authenticated,
 * reject_unauth_destination} with {@code allow_untrusted_routing = no}. Default deny: anything
 * not explicitly allowed is refused with {@code 554 5.7.1 <rcpt>: Relay access denied}.
 *
 * <ul>
 *   <li>A client in {@code relay_networks} or authenticated (AUTH after STARTTLS) is trusted and
 *       may send to any syntactically valid recipient.
 *   <li>Anyone else may send only to a domain in {@code relay_domains}, spelled as a plain DNS
 *       name, with no routing syntax in the local part (percent hack, bang path, quoted
 *       {@code @}): those would make the next hop relay onward on our behalf (RFC 2505 §2.6).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class RelayPolicy {
  private final List<Cidr> relayNetworks;
  private final Set<String> relayDomains;

  public RelayPolicy(List<Cidr> relayNetworks, Set<String> relayDomains) {
    this.relayNetworks = List.copyOf(relayNetworks);
    this.relayDomains = Set.copyOf(relayDomains);
  }

  /** True when the client address is in relay_networks. */
  public boolean trustedNetwork(InetAddress client) {
    return relayNetworks.stream().anyMatch(net -> net.contains(client));
  }

  /** Decides one RCPT TO. */
  public Verdict recipient(InetAddress client, boolean authenticated, String raw) {
    var parsed = MailPath.parse(raw);
    if (parsed.isEmpty()) {
      return new Verdict.Reject(
          501, "5.1.3", "<" + printable(raw) + ">: Bad recipient address syntax", "syntax");
    }
    MailPath path = parsed.get();
    if (authenticated || trustedNetwork(client)) {
      return new Verdict.Accept(path);
    }
    if (!path.isAddressLiteral()
        && !path.hasLocalRouting()
        && relayDomains.contains(path.domain())) {
      return new Verdict.Accept(path);
    }
    return new Verdict.Reject(
        554, "5.7.1", "<" + printable(raw) + ">: Relay access denied", "relay");
  }

  /** Decides MAIL FROM: any valid mailbox or the null sender. */
  public Verdict sender(String raw) {
    if (raw == null || raw.isEmpty() || raw.equals("<>")) {
      return new Verdict.Accept(new MailPath("", ""));
    }
    return MailPath.parse(raw)
        .<Verdict>map(Verdict.Accept::new)
        .orElse(
            new Verdict.Reject(
                501, "5.1.7", "<" + printable(raw) + ">: Bad sender address syntax", "syntax"));
  }

  /** Client text echoed in a reply: printable ASCII only, bounded. */
  static String printable(String raw) {
    String s = raw == null ? "" : raw.trim();
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 300; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
