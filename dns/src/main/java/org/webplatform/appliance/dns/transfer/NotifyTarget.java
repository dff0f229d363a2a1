package org.webplatform.appliance.dns.transfer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.webplatform.appliance.config.DnsTransferConfig;
import org.webplatform.appliance.config.HostPort;
import org.xbill.DNS.TSIG;

/**
 * A secondary told about new serials ({@code dns.also_notify}).
 *
 * @param key signs our NOTIFY messages and checks the answers; null for none
 * @param keyName the key's config name, or {@code none}, for logs
 */
public record NotifyTarget(InetSocketAddress address, TSIG key, String keyName) {

  /** The targets of the config, keys looked up in {@code keys}. */
  public static List<NotifyTarget> from(DnsTransferConfig config, TsigKeyring keys) {
    List<NotifyTarget> targets = new ArrayList<>();
    for (DnsTransferConfig.NotifyTarget target : config.alsoNotify()) {
      TSIG key = null;
      if (target.key().isPresent()) {
        key = keys.get(target.key().get());
        if (key == null) {
          // The config reader rejects unknown key names; this is a wiring bug.
          throw new IllegalStateException("also_notify: no TSIG key " + target.key().get());
        }
      }
      targets.add(new NotifyTarget(target.address(), key, target.key().orElse("none")));
    }
    return targets;
  }

  /** For logs: {@code 127.0.0.1:53}, {@code [::1]:53}. */
  String label() {
    return HostPort.format(address);
  }
}
