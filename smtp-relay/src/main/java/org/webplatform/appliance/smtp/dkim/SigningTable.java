package org.webplatform.appliance.smtp.dkim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.webplatform.appliance.config.MailConfig;

/**
 * Which configured keys sign a message (OpenDKIM's SigningTable with refile patterns): the first
 * pattern matching the From: address names the keys; without a match, the keys whose domain is
 * the From: domain. Only active keys sign (inactive ones stay published during rotation).
 */
public final class SigningTable {
  private record Rule(Pattern pattern, List<String> keys) {}

  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, MailConfig.DkimKey> keys;

  public SigningTable(MailConfig.Dkim config) {
    this.keys = config.keys();
    config.signingTable().forEach((pattern, names) -> rules.add(new Rule(glob(pattern), names)));
  }

  /** Key names to sign with, in configuration order; empty: do not sign. */
  public List<String> keysFor(String address, String domain) {
    String a = address.toLowerCase(Locale.ROOT);
    for (Rule rule : rules) {
      if (rule.pattern.matcher(a).matches()) {
        return rule.keys.stream().filter(n -> keys.get(n).active()).toList();
      }
    }
    List<String> names = new ArrayList<>();
    keys.forEach((name, key) -> {
      if (key.active() && key.domain().equals(domain)) {
        names.add(name);
      }
    });
    return names;
  }

  /** {@code *} matches any run of characters; everything else is literal. */
  private static Pattern glob(String pattern) {
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("\\*", -1)) {
      parts.add(part.isEmpty() ? "" : Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts));
  }
}
