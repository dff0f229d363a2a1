package org.webplatform.appliance.config;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code dns.pools} and {@code dns.admin_state}. Every value that makes no sense for the
 * pool's mode or monitor type is reported rather than ignored: a {@code weight} in a failover pool
 * or a {@code path} on a tcp monitor is an admin's misunderstanding worth a message.
 */
final class DnsPoolsSection {
  /** Pool names appear in zone files, override keys ({@code pool/address}) and metric labels. */
  private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  private static final Pattern HOST_NAME =
      Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?"
          + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?");

  /** Visible ASCII only: the path goes into the request line as is. */
  private static final Pattern URL_PATH = Pattern.compile("/[\\x21-\\x7e]{0,1023}");

  private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  private static final Duration MAX_INTERVAL = Duration.ofHours(1);
  private static final Duration MAX_TTL = Duration.ofDays(1);

  private DnsPoolsSection() {}

  /** Reads the two keys from the {@code dns:} mapping (which the caller finishes). */
  static DnsPools read(YamlMapping dns, Path baseDir, boolean enabled) {
    Path adminState =
        dns.scalar(
            "admin_state",
            DnsPools.DEFAULT_ADMIN_STATE,
            text -> baseDir.resolve(text).normalize(),
            "a path");
    if (enabled && Files.isDirectory(adminState)) {
      dns.problem("admin_state", adminState + " is a directory; name the file itself");
    }
    YamlMapping section = dns.mapping("pools");
    Map<String, DnsPool> pools = new LinkedHashMap<>();
    for (String name : section.keys()) {
      if (!POOL_NAME.matcher(name).matches()) {
        section.problem(
            name, "pool name '" + name + "' must be letters, digits, '_' or '-' (at most 63)");
        continue;
      }
      pool(name, section.mapping(name)).ifPresent(pool -> pools.put(name, pool));
    }
    return new DnsPools(pools, adminState);
  }

  private static Optional<DnsPool> pool(String name, YamlMapping m) {
    int before = m.problemCount();
    DnsPool.Mode mode = m.scalar("mode", null, DnsPoolsSection::mode, "a mode");
    if (mode == null && !m.has("mode")) {
      m.problem("mode", "required: failover, round_robin or weighted");
    }
    Duration ttl = m.scalar("ttl", Duration.ofSeconds(30), ValueSyntax::duration, "a duration");
    if (ttl.toMillis() % 1000 != 0 || ttl.compareTo(MAX_TTL) > 0) {
      m.problem("ttl", "must be whole seconds between 0s and 1d");
    }
    List<DnsPool.Member> members = members(m, mode);
    int failoverCount = m.integer("failover_count", 1, 1, 64);
    if (m.has("failover_count") && mode != null && mode != DnsPool.Mode.FAILOVER) {
      m.problem("failover_count", "only applies to mode failover");
    }
    DnsPoolMonitor monitor = monitor(m);
    m.finish();
    if (m.problemCount() != before || mode == null || monitor == null) {
      return Optional.empty();
    }
    return Optional.of(new DnsPool(name, mode, ttl, members, failoverCount, monitor));
  }

  private static List<DnsPool.Member> members(YamlMapping m, DnsPool.Mode mode) {
    List<DnsPool.Member> members = new ArrayList<>();
    Map<InetAddress, Integer> lines = new LinkedHashMap<>();
    List<YamlMapping.Item> items = m.items("addresses");
    for (YamlMapping.Item item : items) {
      Optional<DnsPool.Member> member;
      if (item.isMapping()) {
        YamlMapping entry = item.mapping();
        InetAddress address = entry.scalar("address", null, DnsPoolsSection::address, "an address");
        if (address == null && !entry.has("address")) {
          item.problem("address: required: the member's IP address");
        }
        int weight = entry.integer("weight", 1, 1, 10_000);
        if (entry.has("weight") && mode != null && mode != DnsPool.Mode.WEIGHTED) {
          entry.problem("weight", "only applies to mode weighted");
        }
        entry.finish();
        member = Optional.ofNullable(address).map(a -> new DnsPool.Member(a, weight));
      } else {
        member =
            item.scalar(DnsPoolsSection::address, "an IP address, or {address: ..., weight: ...}")
                .map(a -> new DnsPool.Member(a, 1));
      }
      if (member.isEmpty()) {
        continue;
      }
      Integer first = lines.putIfAbsent(member.get().address(), item.line());
      if (first != null) {
        item.problem(
            HostPort.address(member.get().address()) + " is listed twice (first on line " + first
                + ")");
        continue;
      }
      members.add(member.get());
    }
    if (items.isEmpty()) {
      m.problem("addresses", "required: at least one IP address");
    }
    return members;
  }

  private static DnsPoolMonitor monitor(YamlMapping pool) {
    if (!pool.has("monitor")) {
      pool.problem("monitor", "required: a mapping with type: tcp, http, https or none");
      return null;
    }
    YamlMapping m = pool.mapping("monitor");
    DnsPoolMonitor.Type type = m.scalar("type", null, DnsPoolsSection::monitorType, "a type");
    if (type == null && !m.has("type")) {
      m.problem("type", "required: tcp, http, https or none");
    }
    boolean http = type == DnsPoolMonitor.Type.HTTP || type == DnsPoolMonitor.Type.HTTPS;
    int defaultPort =
        type == DnsPoolMonitor.Type.HTTPS ? 443 : type == DnsPoolMonitor.Type.HTTP ? 80 : 0;
    int port = m.integer("port", defaultPort, 1, 65535);
    if (type == DnsPoolMonitor.Type.TCP && !m.has("port")) {
      m.problem("port", "required for monitor type tcp");
    }
    String path = m.scalar("path", "/", DnsPoolsSection::urlPath, "a path");
    Optional<String> host =
        Optional.ofNullable(m.scalar("host", null, DnsPoolsSection::host, "a host name"));
    List<Integer> okCodes =
        m.list("ok_codes", List.of(200), DnsPoolsSection::statusCode, "HTTP status codes");
    if (m.has("ok_codes") && okCodes.isEmpty()) {
      m.problem("ok_codes", "at least one status code is required");
    }
    boolean insecure = m.bool("insecure", false);
    Duration interval =
        m.scalar("interval", Duration.ofSeconds(10), ValueSyntax::duration, "a duration");
    if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
      m.problem("interval", "must be between 100ms and 1h");
    }
    Duration timeout =
        m.scalar("timeout", interval.dividedBy(2), ValueSyntax::duration, "a duration");
    if (timeout.isZero()) {
      m.problem("timeout", "must be more than 0");
    } else if (timeout.compareTo(interval) >= 0) {
      m.problem(
          "timeout",
          "must be shorter than interval (" + millis(timeout) + " >= " + millis(interval) + ")");
    }
    int up = m.integer("up_threshold", 5, 1, 1000);
    int down = m.integer("down_threshold", 3, 1, 1000);
    if (type != null) {
      String kind = "monitor type " + type.key();
      notApplicable(m, "port", type == DnsPoolMonitor.Type.NONE, kind);
      for (String key : List.of("path", "host", "ok_codes")) {
        notApplicable(m, key, !http, kind);
      }
      notApplicable(m, "insecure", type != DnsPoolMonitor.Type.HTTPS, kind);
      for (String key : List.of("interval", "timeout", "up_threshold", "down_threshold")) {
        notApplicable(m, key, type == DnsPoolMonitor.Type.NONE, kind);
      }
    }
    m.finish();
    if (type == null) {
      return null;
    }
    return new DnsPoolMonitor(
        type, port, path, host, okCodes, insecure, interval, timeout, up, down);
  }

  private static void notApplicable(YamlMapping m, String key, boolean notForType, String kind) {
    if (notForType && m.has(key)) {
      m.problem(key, "does not apply to " + kind);
    }
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }

  private static DnsPool.Mode mode(String text) {
    return parseKey(text, DnsPool.Mode.values(), DnsPool.Mode::key, "mode");
  }

  private static DnsPoolMonitor.Type monitorType(String text) {
    return parseKey(text, DnsPoolMonitor.Type.values(), DnsPoolMonitor.Type::key, "monitor type");
  }

  private static <E> E parseKey(String text, E[] values, Function<E, String> key, String what) {
    List<String> known = new ArrayList<>();
    for (E value : values) {
      if (key.apply(value).equals(text)) {
        return value;
      }
      known.add(key.apply(value));
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + text + "' (known: " + String.join(", ", known) + ")");
  }

  /** A unicast IP literal: the pool answers it as an A or AAAA record. */
  private static InetAddress address(String text) {
    InetAddress address = ValueSyntax.ipLiteral(text);
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      throw new IllegalArgumentException("'" + text + "' is not a unicast address");
    }
    return address;
  }

  private static String urlPath(String text) {
    if (!URL_PATH.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a request path (starts with /, no spaces)");
    }
    return text;
  }

  private static String host(String text) {
    if (HOST_NAME.matcher(text).matches()) {
      return text;
    }
    return HostPort.address(ValueSyntax.ipLiteral(text));
  }

  private static int statusCode(String text) {
    if (!text.matches("[1-5]\\d\\d")) {
      throw new IllegalArgumentException("'" + text + "' is not an HTTP status code (100-599)");
    }
    return Integer.parseInt(text);
  }
}
