package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.webplatform.appliance.config.MailConfig;

/**
 * The key records to publish for a configuration: one TXT record per configured key, active or
 * not (a retired selector must stay in DNS until mail signed with it has been verified).
 */
public final class DkimDnsRecords {
  private DkimDnsRecords() {}

  /** For the DNS role and {@code appliance check}; fails when a key file cannot be read. */
  public static List<TxtRecord> forConfig(MailConfig config) throws IOException {
    List<TxtRecord> records = new ArrayList<>();
    for (MailConfig.DkimKey c : config.dkim().keys().values()) {
      DkimKey key = DkimKeys.load(
          c.keyFile(), c.domain(), c.selector(), DkimAlgorithm.parse(c.algorithm()));
      records.add(TxtRecord.of(key));
    }
    return records;
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
