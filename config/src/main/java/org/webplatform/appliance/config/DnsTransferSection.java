package org.webplatform.appliance.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.webplatform.appliance.config.DnsTransferConfig.Allow;
import org.webplatform.appliance.config.DnsTransferConfig.NotifyTarget;
import org.webplatform.appliance.config.DnsTransferConfig.TsigKey;

/**
 * Reads the zone transfer keys of the {@code dns:} section: {@code tsig_keys}, {@code
 * allow_transfer}, {@code also_notify} and {@code notify_source}. Secret files are read and
 * checked only when the module is enabled.
 */
final class DnsTransferSection {
  /** 128 bits; RFC 8945 §6 wants at least the hash length, which the README recommends. */
  static final int MIN_SECRET_OCTETS = 16;

  static final String DEFAULT_ALGORITHM = "hmac-sha256";

  /** RFC 8945 §6: MD5 is deprecated; the SHA-2 family and SHA-1 are what NSD, Knot, BIND share. */
  private static final Set<String> ALGORITHMS =
      Set.of("hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");

  /** Host-name-like labels (digits, letters, '-', '_'), as key names are written in practice. */
  private static final String LABEL = "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?";
  private static final Pattern KEY_NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

  private DnsTransferSection() {}

  static DnsTransferConfig read(YamlMapping dns, Path baseDir, boolean enabled) {
    YamlMapping keysNode = dns.mapping("tsig_keys");
    Map<String, TsigKey> keys = new LinkedHashMap<>();
    for (String name : keysNode.keys()) {
      YamlMapping entry = keysNode.mapping(name);
      String normalized = keyName(name);
      if (normalized == null) {
        keysNode.problem(
            name, "key name '" + name + "' must be a domain name (letters, digits, '-', '_', '.')");
        continue;
      }
      if (keys.containsKey(normalized)) {
        keysNode.problem(name, "key name '" + name + "' is defined twice (names ignore case)");
        continue;
      }
      TsigKey key = tsigKey(normalized, entry, baseDir, enabled);
      if (key != null) {
        keys.put(normalized, key);
      }
    }
    keysNode.finish();
    // A key defined with an error is reported there, not again at every use.
    Function<String, Optional<String>> keyRef =
        ref -> {
          String normalized = keyName(ref);
          if (normalized != null
              && (keys.containsKey(normalized) || keysNode.has(ref) || keysNode.has(normalized))) {
            return Optional.of(normalized);
          }
          throw new IllegalArgumentException(
              "no key named '" + ref + "' under dns.tsig_keys"
                  + (keys.isEmpty() ? "" : " (defined: " + String.join(", ", keys.keySet()) + ")"));
        };
    List<Allow> allow =
        entries(
            dns,
            "allow_transfer",
            text -> new Allow(ValueSyntax.cidr(text), Optional.empty()),
            m -> allowEntry(m, keyRef),
            "networks (CIDR), or mappings { network, key }");
    List<NotifyTarget> notify =
        entries(
            dns,
            "also_notify",
            text -> new NotifyTarget(notifyAddress(text), Optional.empty()),
            m -> notifyEntry(m, keyRef),
            "addresses (host:port), or mappings { address, key }");
    Optional<InetAddress> source =
        Optional.ofNullable(
            dns.scalar("notify_source", null, ValueSyntax::ipLiteral, "an IP address"));
    if (source.isPresent()) {
      boolean v4 = source.get() instanceof Inet4Address;
      for (NotifyTarget target : notify) {
        if ((target.address().getAddress() instanceof Inet4Address) != v4) {
          dns.problem(
              "notify_source",
              HostPort.address(source.get()) + " cannot send to "
                  + HostPort.format(target.address()) + " (other address family)");
        }
      }
    }
    return new DnsTransferConfig(keys, allow, notify, source);
  }

  /**
   * The items of the list under {@code key}: each a scalar (the short form, converted by {@code
   * scalar}) or a mapping (the long form, read by {@code mapping}, which returns null after a
   * problem). Items that fail are left out; their problems are reported.
   */
  private static <T> List<T> entries(
      YamlMapping dns,
      String key,
      Function<String, T> scalar,
      Function<YamlMapping, T> mapping,
      String expected) {
    List<T> out = new ArrayList<>();
    for (YamlMapping.Item item : dns.items(key)) {
      T entry =
          item.isMapping()
              ? mapping.apply(item.mapping())
              : item.scalar(scalar, expected).orElse(null);
      if (entry != null) {
        out.add(entry);
      }
    }
    return out;
  }

  private static TsigKey tsigKey(String name, YamlMapping m, Path baseDir, boolean enabled) {
    int before = m.problemCount();
    String algorithm =
        m.scalar("algorithm", DEFAULT_ALGORITHM, DnsTransferSection::algorithm, "an algorithm");
    byte[] inline = m.scalar("secret", null, DnsTransferSection::secret, "a base64 secret");
    Path file = m.scalar("secret_file", null, text -> baseDir.resolve(text).normalize(), "a path");
    byte[] secret = inline;
    if (m.has("secret") && m.has("secret_file")) {
      m.problem("secret_file", "give secret or secret_file, not both");
    } else if (!m.has("secret") && !m.has("secret_file")) {
      m.problem("secret", "required: the base64 shared secret, or secret_file");
    } else if (file != null) {
      secret = enabled ? secretFile(m, file) : new byte[0];
    }
    m.finish();
    if (m.problemCount() != before || secret == null) {
      return null;
    }
    return new TsigKey(name, algorithm, secret);
  }

  private static Allow allowEntry(YamlMapping m, Function<String, Optional<String>> keyRef) {
    int before = m.problemCount();
    Cidr network = m.scalar("network", null, ValueSyntax::cidr, "a network (CIDR)");
    if (network == null && m.problemCount() == before) {
      m.problem("network", "required: the clients' network, e.g. 10.0.0.0/24");
    }
    Optional<String> key = m.scalar("key", Optional.empty(), keyRef, "a key name");
    m.finish();
    return m.problemCount() == before ? new Allow(network, key) : null;
  }

  private static NotifyTarget notifyEntry(
      YamlMapping m, Function<String, Optional<String>> keyRef) {
    int before = m.problemCount();
    InetSocketAddress address =
        m.scalar("address", null, DnsTransferSection::notifyAddress, "an address (host:port)");
    if (address == null && m.problemCount() == before) {
      m.problem("address", "required: the secondary's address, e.g. 10.0.0.2:53");
    }
    Optional<String> key = m.scalar("key", Optional.empty(), keyRef, "a key name");
    m.finish();
    return m.problemCount() == before ? new NotifyTarget(address, key) : null;
  }

  private static InetSocketAddress notifyAddress(String text) {
    InetSocketAddress address = ValueSyntax.socketAddress(text);
    if (address.getPort() == 0) {
      throw new IllegalArgumentException("'" + text + "' needs a port other than 0 (53 usually)");
    }
    return address;
  }

  /** Lower case without the trailing dot, or null when not a usable key name. */
  private static String keyName(String text) {
    String name = text.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.length() <= 253 && KEY_NAME.matcher(name).matches() ? name : null;
  }

  private static String algorithm(String text) {
    String name = text.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (!ALGORITHMS.contains(name)) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a supported TSIG algorithm (hmac-sha256, hmac-sha512, "
              + "hmac-sha384, hmac-sha224, hmac-sha1; hmac-md5 is deprecated by RFC 8945)");
    }
    return name;
  }

  /** Base64 (RFC 4648, whitespace ignored) of at least {@link #MIN_SECRET_OCTETS} octets. */
  private static byte[] secret(String text) {
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(text.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not base64: " + e.getMessage());
    }
    if (secret.length < MIN_SECRET_OCTETS) {
      throw new IllegalArgumentException(
          "secret of " + secret.length + " octets is too short: at least " + MIN_SECRET_OCTETS
              + ", better the hash length (32 for hmac-sha256; openssl rand -base64 32)");
    }
    return secret;
  }

  /** NSD/BIND practice and rsyncd's strict modes: a secret others can read is refused. */
  private static byte[] secretFile(YamlMapping m, Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.OTHERS_READ)
          || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        m.problem("secret_file", "file " + file + " must not be accessible by others (chmod 600)");
        return null;
      }
      return secret(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IllegalArgumentException e) {
      m.problem("secret_file", "file " + file + ": " + e.getMessage());
    } catch (IOException | UnsupportedOperationException e) {
      m.problem("secret_file", "file " + file + " is not readable: " + e);
    }
    return null;
  }
}
