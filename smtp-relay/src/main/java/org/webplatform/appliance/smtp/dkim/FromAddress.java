package org.webplatform.appliance.smtp.dkim;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The domain of the (first) author address in a From: field (RFC 5322 §3.6.2, §3.4). */
final class FromAddress {
  /** Quoted strings: display names may hold {@code @ , <}. */
  private static final Pattern QUOTED = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");

  /** A comment without comments inside (removed innermost first). */
  private static final Pattern COMMENT = Pattern.compile("\\((\\\\.|[^()\\\\])*\\)");

  private FromAddress() {}

  static Optional<String> domain(String fieldValue) {
    String v = fieldValue.replace("\r\n", "");
    v = QUOTED.matcher(v).replaceAll("\"\"");
    String prev;
    do {
      prev = v;
      v = COMMENT.matcher(v).replaceAll(" ");
    } while (!v.equals(prev));
    String addr;
    int lt = v.indexOf('<');
    if (lt >= 0) {
      int gt = v.indexOf('>', lt);
      addr = gt < 0 ? v.substring(lt + 1) : v.substring(lt + 1, gt);
    } else {
      int comma = v.indexOf(',');
      addr = comma < 0 ? v : v.substring(0, comma);
      int colon = addr.indexOf(':'); // group syntax "name: a@b;"
      if (colon >= 0) {
        addr = addr.substring(colon + 1).replace(";", "");
      }
    }
    int at = addr.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    String domain = addr.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    while (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return domain.isEmpty() || domain.contains(" ") ? Optional.empty() : Optional.of(domain);
  }

  /** The whole address {@code local@domain} of the first author, for signing-table patterns. */
  static Optional<String> address(String fieldValue) {
    Optional<String> domain = domain(fieldValue);
    if (domain.isEmpty()) {
      return Optional.empty();
    }
    String v = fieldValue.replace("\r\n", "");
    int lt = v.lastIndexOf('<');
    String addr = lt >= 0 ? v.substring(lt + 1) : v;
    int at = addr.lastIndexOf('@');
    String local = addr.substring(0, Math.max(0, at)).strip();
    int space = Math.max(local.lastIndexOf(' '), local.lastIndexOf(','));
    local = local.substring(space + 1).toLowerCase(Locale.ROOT);
    return Optional.of(local + "@" + domain.get());
  }
}
