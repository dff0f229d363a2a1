package org.webplatform.appliance.config;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the {@code mail:} section. Files are checked only when the module is enabled: a shared
 * config may describe modules of another VM. Defaults are Postfix's, except maximal_backoff_time
 * (1h rather than 4000s, as the issue asks).
 */
final class MailSection {
  static final Path DEFAULT_SPOOL = Path.of("/var/spool/appliance/mail");
  private static final Pattern HOST_NAME =
      Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
          + "(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  private MailSection() {}

  static MailConfig read(YamlMapping m, Path baseDir, boolean enabled) {
    List<InetSocketAddress> listen = m.listen(25);
    String hostname = m.scalar("hostname", "", MailSection::hostname, "a host name");
    Function<String, Path> path = text -> baseDir.resolve(text).normalize();
    Path spool = m.scalar("spool", DEFAULT_SPOOL, path, "a path");
    List<Cidr> relayNetworks =
        m.list(
            "relay_networks",
            List.of(ValueSyntax.cidr("127.0.0.0/8"), ValueSyntax.cidr("::1")),
            ValueSyntax::cidr,
            "networks (CIDR)");
    YamlMapping domains = m.mapping("relay_domains");
    Map<String, InetSocketAddress> relayDomains = new LinkedHashMap<>();
    for (String domain : domains.keys()) {
      int problemsBefore = domains.problemCount();
      InetSocketAddress nextHop =
          domains.scalar(domain, null, ValueSyntax::socketAddress, "a next hop (ip:port)");
      String name = domain.toLowerCase(Locale.ROOT);
      try {
        hostname(name);
      } catch (IllegalArgumentException e) {
        domains.problem(domain, e.getMessage());
        continue;
      }
      if (nextHop == null) {
        if (domains.problemCount() == problemsBefore) {
          domains.problem(domain, "required: the next hop (ip:port) for mail to this domain");
        }
        continue;
      }
      relayDomains.put(name, nextHop);
    }
    domains.finish();
    Optional<InetSocketAddress> relayhost =
        Optional.ofNullable(
            m.scalar("relayhost", null, ValueSyntax::socketAddress, "an address (ip:port)"));
    List<InetSocketAddress> resolvers =
        m.list("resolvers", List.of(), ValueSyntax::socketAddress, "addresses (ip:port)");
    int deliveryPort = m.integer("delivery_port", 25, 1, 65535);
    Optional<Path> cert = Optional.ofNullable(m.scalar("tls_cert", null, path, "a path"));
    Optional<Path> key = Optional.ofNullable(m.scalar("tls_key", null, path, "a path"));
    if (cert.isPresent() != key.isPresent()) {
      m.problem(cert.isPresent() ? "tls_cert" : "tls_key", "tls_cert and tls_key go together");
    }
    Optional<Path> users = Optional.ofNullable(m.scalar("users_file", null, path, "a path"));
    if (enabled) {
      for (Map.Entry<String, Optional<Path>> file :
          Map.of("tls_cert", cert, "tls_key", key, "users_file", users).entrySet()) {
        if (file.getValue().isPresent() && !Files.isReadable(file.getValue().get())) {
          m.problem(file.getKey(), "file " + file.getValue().get() + " is not readable");
        }
      }
    }
    MailConfig.Limits limits = limits(m.mapping("limits"));
    MailConfig.Delivery delivery = delivery(m.mapping("delivery"));
    MailConfig.Dkim dkim = dkim(m.mapping("dkim"), path, enabled);
    m.finish();
    return new MailConfig(
        listen, hostname, spool, relayNetworks, relayDomains, relayhost, resolvers, deliveryPort,
        cert, key, users, limits, delivery, dkim);
  }

  /** {@code mail.dkim}: OpenDKIM's KeyTable as {@code keys}, its SigningTable as a mapping. */
  private static MailConfig.Dkim dkim(
      YamlMapping m, Function<String, Path> path, boolean enabled) {
    MailConfig.DkimOnError onError =
        m.scalar("on_error", MailConfig.DkimOnError.DEFER, MailSection::onError, "defer|deliver");
    String canon = m.scalar("canonicalization", "relaxed/relaxed", MailSection::canonicalization,
        "header/body canonicalization (relaxed/relaxed, relaxed/simple, simple/simple...)");
    Duration expire = m.has("expire_after") ? duration(m, "expire_after", Duration.ZERO) : null;
    YamlMapping keysNode = m.mapping("keys");
    Map<String, MailConfig.DkimKey> keys = new LinkedHashMap<>();
    for (String name : keysNode.keys()) {
      YamlMapping k = keysNode.mapping(name);
      int before = k.problemCount();
      String domain = k.scalar("domain", null, t -> hostname(t.toLowerCase(Locale.ROOT)),
          "a domain");
      String selector = k.scalar("selector", null, MailSection::selector, "a selector");
      if (selector == null && !k.has("selector")) {
        try {
          selector = selector(name); // the key's name doubles as its selector
        } catch (IllegalArgumentException e) {
          k.problem("selector", "required: '" + name + "' cannot serve as the selector");
        }
      }
      Path file = k.scalar("key_file", null, path, "a path");
      String algorithm = k.scalar("algorithm", "rsa", MailSection::algorithm, "rsa|ed25519");
      boolean active = k.bool("active", true);
      if (domain == null && k.problemCount() == before) {
        k.problem("domain", "required: the d= domain this key signs for");
      }
      if (file == null && k.problemCount() == before) {
        k.problem("key_file", "required: the PKCS#8 PEM private key (appliance dkim keygen)");
      }
      if (enabled && file != null) {
        keyFileProblem(file).ifPresent(p -> k.problem("key_file", p));
      }
      k.finish();
      if (domain != null && file != null && selector != null) {
        keys.put(name, new MailConfig.DkimKey(domain, selector, file, algorithm, active));
      }
    }
    keysNode.finish();
    YamlMapping table = m.mapping("signing_table");
    Map<String, List<String>> signingTable = new LinkedHashMap<>();
    for (String pattern : table.keys()) {
      List<String> names = table.list(pattern, List.of(), Function.identity(), "key names");
      if (!pattern.matches("[^@\\s]+@[^@\\s]+")) {
        table.problem(pattern, "a sender pattern looks like *@domain, user@domain or *@*.domain");
        continue;
      }
      for (String n : names) {
        if (!keys.containsKey(n) && !keysNode.has(n)) {
          table.problem(pattern, "no key named '" + n + "' under mail.dkim.keys");
        }
      }
      signingTable.put(pattern.toLowerCase(Locale.ROOT), names);
    }
    table.finish();
    m.finish();
    String[] c = canon.split("/");
    return new MailConfig.Dkim(
        onError, c[0], c[1], Optional.ofNullable(expire), keys, signingTable);
  }

  /** Unreadable, or readable by others (a leaked key lets anyone sign as the domain). */
  private static Optional<String> keyFileProblem(Path file) {
    if (!Files.isReadable(file)) {
      return Optional.of("file " + file + " is not readable");
    }
    try {
      if (Files.getPosixFilePermissions(file)
          .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
        return Optional.of("file " + file + " is readable by others: chmod 600 it");
      }
    } catch (UnsupportedOperationException | java.io.IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static MailConfig.DkimOnError onError(String text) {
    return switch (text) {
      case "defer" -> MailConfig.DkimOnError.DEFER;
      case "deliver" -> MailConfig.DkimOnError.DELIVER;
      default -> throw new IllegalArgumentException("'" + text + "' is not defer or deliver");
    };
  }

  /** RFC 6376 §3.5 c=: "header/body"; a lone header algorithm means body simple. */
  private static String canonicalization(String text) {
    String[] parts = text.split("/", -1);
    String body = parts.length > 1 ? parts[1] : "simple";
    if (parts.length > 2 || !canonicalizationName(parts[0]) || !canonicalizationName(body)) {
      throw new IllegalArgumentException("'" + text + "' is not relaxed or simple (header/body)");
    }
    return parts[0] + "/" + body;
  }

  private static boolean canonicalizationName(String s) {
    return s.equals("relaxed") || s.equals("simple");
  }

  private static String algorithm(String text) {
    if (!text.equals("rsa") && !text.equals("ed25519")) {
      throw new IllegalArgumentException("'" + text + "' is not rsa or ed25519");
    }
    return text;
  }

  /** RFC 6376 §3.1: a selector is dot-separated sub-domain labels. */
  private static String selector(String text) {
    if (!text.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}"
        + "[a-z0-9])?)*")) {
      throw new IllegalArgumentException("'" + text + "' is not a selector (DNS labels)");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  private static MailConfig.Limits limits(YamlMapping m) {
    int connections = m.integer("max_connections", 100, 1, 10_000);
    int perClient = m.integer("max_connections_per_client", 50, 1, 10_000);
    long size =
        m.scalar("message_size_limit", 10_240_000L, ValueSyntax::size, "a size (e.g. 10MiB)");
    if (size < 1024 || size > Integer.MAX_VALUE) {
      m.problem("message_size_limit", "must be between 1KiB and 2GiB");
    }
    // RFC 5321 §4.5.3.1.8: at least 100 recipients must be accepted.
    int recipients = m.integer("recipient_limit", 1000, 100, 100_000);
    Duration command = duration(m, "command_timeout", Duration.ofSeconds(300));
    Duration data = duration(m, "data_timeout", Duration.ofMinutes(10));
    m.finish();
    return new MailConfig.Limits(connections, perClient, size, recipients, command, data);
  }

  private static MailConfig.Delivery delivery(YamlMapping m) {
    Duration minimal = duration(m, "minimal_backoff", Duration.ofMinutes(5));
    Duration maximal = duration(m, "maximal_backoff", Duration.ofHours(1));
    if (maximal.compareTo(minimal) < 0) {
      m.problem("maximal_backoff", "must not be shorter than minimal_backoff");
    }
    Duration lifetime = duration(m, "maximal_queue_lifetime", Duration.ofDays(5));
    int concurrency = m.integer("destination_concurrency", 20, 1, 1000);
    int threads = m.integer("threads", 20, 1, 1000);
    Duration connect = duration(m, "connect_timeout", Duration.ofSeconds(30));
    int hops = m.integer("hop_count_limit", 50, 1, 1000);
    m.finish();
    return new MailConfig.Delivery(
        minimal, maximal, lifetime, concurrency, threads, connect, hops);
  }

  private static Duration duration(YamlMapping m, String key, Duration fallback) {
    Duration d = m.scalar(key, fallback, ValueSyntax::duration, "a duration");
    if (d.isZero()) {
      m.problem(key, "must be longer than 0");
      return fallback;
    }
    return d;
  }

  /** A DNS host name: letters, digits, hyphens; dot-separated labels of at most 63. */
  private static String hostname(String text) {
    if (text.length() > 253 || !HOST_NAME.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a host name");
    }
    return text;
  }
}
