package org.webplatform.appliance.dns.transfer;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.webplatform.appliance.config.DnsTransferConfig;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * The TSIG keys of the config (RFC 8945) as dnsjava {@link TSIG} objects, found by key name
 * (case-insensitive, as names compare). dnsjava's TSIG objects are immutable and make a new MAC
 * per use, so one keyring serves every I/O thread. Thread-safe.
 */
public final class TsigKeyring {
  public static final TsigKeyring EMPTY = new TsigKeyring(Map.of());

  private final Map<Name, TSIG> keys;

  private TsigKeyring(Map<Name, TSIG> keys) {
    this.keys = Map.copyOf(keys);
  }

  /**
   * @param clock the time TSIG signs with and checks against (RFC 8945 §5.2.3)
   */
  public static TsigKeyring from(Map<String, DnsTransferConfig.TsigKey> config, Clock clock) {
    Map<Name, TSIG> keys = new HashMap<>();
    for (DnsTransferConfig.TsigKey key : config.values()) {
      Name name = keyName(key.name());
      // "hmac-sha256" is both the RFC 8945 algorithm name and, as HmacSHA256, the JCE one.
      String hash = key.algorithm().substring("hmac-".length());
      String jceName = "Hmac" + hash.toUpperCase(Locale.ROOT);
      TSIG tsig =
          new TSIG(
              TSIG.algorithmToName(key.algorithm()),
              name,
              new SecretKeySpec(key.secret(), jceName),
              clock);
      keys.put(name, tsig);
    }
    return new TsigKeyring(keys);
  }

  /** The key named {@code name}, or null. */
  public TSIG get(Name name) {
    return keys.get(name);
  }

  /** The key of the config's key name {@code name} (without the trailing dot), or null. */
  public TSIG get(String name) {
    return keys.get(keyName(name));
  }

  /** A config key name as a DNS name; config validation guarantees it parses. */
  static Name keyName(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("TSIG key name '" + name + "': " + e.getMessage(), e);
    }
  }
}
