package org.webplatform.appliance.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Zone transfer out: who may pull our zones (AXFR, RFC 5936; IXFR answered in full, RFC 1995) and
 * which secondaries are told of new serials (NOTIFY, RFC 1996). Part of the {@code dns:} section.
 *
 * @param tsigKeys shared secrets by key name (lower case, without the trailing dot), RFC 8945
 * @param allowTransfer clients that may transfer; empty means every AXFR/IXFR is REFUSED
 * @param alsoNotify secondaries sent a NOTIFY when a zone's serial changes and at start
 * @param notifySource the address NOTIFY datagrams are sent from; empty: the system picks one
 */
public record DnsTransferConfig(
    Map<String, TsigKey> tsigKeys,
    List<Allow> allowTransfer,
    List<NotifyTarget> alsoNotify,
    Optional<InetAddress> notifySource) {

  /** No keys, nobody may transfer, nobody is notified. */
  public static final DnsTransferConfig NONE =
      new DnsTransferConfig(Map.of(), List.of(), List.of(), Optional.empty());

  public DnsTransferConfig {
    tsigKeys = Collections.unmodifiableMap(new LinkedHashMap<>(tsigKeys));
    allowTransfer = List.copyOf(allowTransfer);
    alsoNotify = List.copyOf(alsoNotify);
    Objects.requireNonNull(notifySource, "notifySource");
  }

  /**
   * A TSIG key (RFC 8945).
   *
   * @param name the key name as both sides write it, lower case, without the trailing dot
   * @param algorithm {@code hmac-sha1}, {@code hmac-sha224}, {@code hmac-sha256}, {@code
   *     hmac-sha384} or {@code hmac-sha512}
   * @param secret the shared secret, at least {@value DnsTransferSection#MIN_SECRET_OCTETS} octets
   */
  public record TsigKey(String name, String algorithm, byte[] secret) {
    public TsigKey {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(algorithm, "algorithm");
      secret = secret.clone();
    }

    @Override
    public byte[] secret() {
      return secret.clone();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
      return "TsigKey[name=" + name + ", algorithm=" + algorithm + "]";
    }
  }

  /**
   * One {@code allow_transfer} entry.
   *
   * @param network clients in this network may transfer
   * @param key when present, only with a request signed by this key
   */
  public record Allow(Cidr network, Optional<String> key) {
    public Allow {
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * One {@code also_notify} entry.
   *
   * @param address the secondary's address and port
   * @param key when present, NOTIFY messages are signed with this key
   */
  public record NotifyTarget(InetSocketAddress address, Optional<String> key) {
    public NotifyTarget {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(key, "key");
    }
  }
}
