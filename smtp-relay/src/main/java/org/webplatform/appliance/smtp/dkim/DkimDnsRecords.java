package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.webplatform.appliance.config.MailConfig;

/**
 * The key records to publish for a configuration: one TXT record per configured key, active or
 * not (a retired selector must stay in DNS until mail signed with it has been verified).
 */
public final class DkimDnsRecords {
  private DkimDnsRecords() {}

  /** A configured key whose file cannot be used: its name under mail.dkim.keys and why. */
  public record Unusable(String name, String reason) {}

  /** The records of the usable keys, and the keys that are not. */
  public record Loaded(List<TxtRecord> records, List<Unusable> unusable) {
    public Loaded {
      records = List.copyOf(records);
      unusable = List.copyOf(unusable);
    }
  }

  /**
   * For the DNS role and {@code appliance check}: every key is loaded on its own, so one broken
   * key file withholds only its own record (the relay, too, signs with the keys that load).
   */
  public static Loaded load(MailConfig config) {
    List<TxtRecord> records = new ArrayList<>();
    List<Unusable> unusable = new ArrayList<>();
    for (Map.Entry<String, MailConfig.DkimKey> e : config.dkim().keys().entrySet()) {
      MailConfig.DkimKey c = e.getValue();
      try {
        DkimKey key = DkimKeys.load(
            c.keyFile(), c.domain(), c.selector(), DkimAlgorithm.parse(c.algorithm()));
        records.add(TxtRecord.of(key));
      } catch (IOException | RuntimeException ex) {
        unusable.add(new Unusable(e.getKey(), ex.getMessage() == null ? ex.toString()
            : ex.getMessage()));
      }
    }
    return new Loaded(records, unusable);
  }

  /**
   * For {@code appliance check}: whether a published TXT text carries the same key as
   * {@code expected} (compares k= and p=, ignoring whitespace and string splits).
   */
  public static boolean sameKey(TxtRecord expected, String published) {
    return tag(expected.text(), "p").equals(tag(published, "p"))
        && tag(expected.text(), "k").equals(tag(published, "k").isEmpty() ? "rsa"
            : tag(published, "k"));
  }

  /** A tag's value from a tag-list (RFC 6376 §3.2), whitespace removed; "" when absent. */
  static String tag(String tagList, String name) {
    for (String part : tagList.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
        return part.substring(eq + 1).replaceAll("\\s+", "");
      }
    }
    return "";
  }
}
