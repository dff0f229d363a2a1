package org.webplatform.appliance.dns.pool;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The override file's syntax, after gdnsd's {@code admin_state}: one forced state per line,
 *
 * <pre>
 * # comment
 * masterdb/10.0.0.11 => DOWN
 * accounts/fd00::31  => UP
 * </pre>
 *
 * Keys are {@code pool/address}; states are UP or DOWN (any case); {@code #} starts a comment;
 * a later line for the same member wins, as in gdnsd. A file with any error is rejected whole,
 * each error as {@code file:line: message}, so a half-understood file never moves traffic.
 * Stateless.
 */
final class AdminStateFile {
  static final String HEADER =
      "# Forced states of DNS pool members (gdnsd admin_state style), one per line:\n"
          + "#   POOL/ADDRESS => UP|DOWN\n"
          + "# Written by `appliance dns pool set`; edits by hand apply within a second.\n";

  private static final Pattern LINE = Pattern.compile("(\\S+?)/(\\S+)\\s*=>\\s*(\\S+)");

  private AdminStateFile() {}

  /** The overrides of a file, or its errors. */
  record Parsed(Map<MemberKey, AdminOverride> overrides, List<String> errors) {}

  static Parsed parse(Path file, String text, Map<String, Pool> pools) {
    Map<MemberKey, AdminOverride> overrides = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String content = content(lines[i]);
      if (content.isEmpty()) {
        continue;
      }
      try {
        Map.Entry<MemberKey, AdminOverride> entry = entry(content, pools);
        overrides.remove(entry.getKey());
        overrides.put(entry.getKey(), entry.getValue());
      } catch (IllegalArgumentException e) {
        errors.add(file + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Parsed(overrides, errors);
  }

  /**
   * {@code text} with every line for {@code key} removed and, unless {@code state} is NONE, one
   * line forcing it appended. Comments and other lines are kept as written.
   */
  static String edit(String text, MemberKey key, AdminOverride state, Map<String, Pool> pools) {
    StringBuilder out = new StringBuilder(text.isEmpty() ? HEADER : "");
    for (String line : text.split("\n", -1)) {
      String content = content(line);
      if (!content.isEmpty() && isKey(content, key, pools)) {
        continue;
      }
      out.append(line).append('\n');
    }
    // split keeps the text after the last newline as one more (empty) line; do not grow.
    while (out.length() >= 2 && out.charAt(out.length() - 1) == '\n'
        && out.charAt(out.length() - 2) == '\n') {
      out.setLength(out.length() - 1);
    }
    if (state != AdminOverride.NONE) {
      out.append(key).append(" => ").append(state.name()).append('\n');
    }
    return out.toString();
  }

  private static boolean isKey(String content, MemberKey key, Map<String, Pool> pools) {
    try {
      return entry(content, pools).getKey().equals(key);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String content(String line) {
    int hash = line.indexOf('#');
    return (hash >= 0 ? line.substring(0, hash) : line).strip();
  }

  private static Map.Entry<MemberKey, AdminOverride> entry(String content, Map<String, Pool> pools) {
    Matcher m = LINE.matcher(content);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected POOL/ADDRESS => UP|DOWN, got '" + content + "'");
    }
    Pool pool = pools.get(m.group(1));
    if (pool == null) {
      throw new IllegalArgumentException("no pool '" + m.group(1) + "' in dns.pools");
    }
    InetAddress address = AddressLiteral.parse(m.group(2));
    if (pool.member(address) == null) {
      throw new IllegalArgumentException(
          m.group(2) + " is not an address of pool " + pool.name());
    }
    AdminOverride state =
        switch (m.group(3).toUpperCase(Locale.ROOT)) {
          case "UP" -> AdminOverride.UP;
          case "DOWN" -> AdminOverride.DOWN;
          default -> throw new IllegalArgumentException(
              "state '" + m.group(3) + "' is not UP or DOWN");
        };
    return Map.entry(new MemberKey(pool.name(), address), state);
  }
}
