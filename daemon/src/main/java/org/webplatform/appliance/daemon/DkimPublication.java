package org.webplatform.appliance.daemon;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.dns.zone.PublishedRecord;
import org.webplatform.appliance.smtp.dkim.DkimDnsRecords;
import org.webplatform.appliance.smtp.dkim.TxtRecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * The DKIM key records ({@code selector._domainkey.domain TXT}, RFC 6376 §3.6.2.1) of the relay's
 * configured keys, for the DNS role to serve when this appliance is authoritative for the domain.
 * Every configured key is published, active or not: a retired selector must stay in DNS while mail
 * signed with it may still be verified.
 *
 * <p>Only when the relay runs in the same daemon: a DNS-only appliance does not have the keys, and
 * its zone files carry the records {@code appliance dkim keygen} printed.
 */
final class DkimPublication {
  private static final Logger log = LoggerFactory.getLogger(DkimPublication.class);

  /** One hour: long enough for caches, short enough that a rotation shows up within the hour. */
  static final long TTL_SECONDS = 3600;

  private DkimPublication() {}

  static List<PublishedRecord> records(ApplianceConfig config) {
    if (config.mail().isEmpty()) {
      return List.of();
    }
    DkimDnsRecords.Loaded loaded = DkimDnsRecords.load(config.mail().get());
    for (DkimDnsRecords.Unusable key : loaded.unusable()) {
      // The relay does not refuse to start on such a key either: it logs "dkim key=NAME
      // unusable" and runs, defers (on_error: deliver: sends unsigned) the mail this key would
      // sign and tries the file again at each attempt, while the other keys sign. So the other
      // keys are published; appliance check reports this one as a problem.
      log.error("dkim key not published in dns key={} reason=\"{}\"", key.name(), key.reason());
    }
    List<PublishedRecord> published = new ArrayList<>();
    for (TxtRecord text : loaded.records()) {
      published.add(toRecord(text));
    }
    return published;
  }

  private static PublishedRecord toRecord(TxtRecord text) {
    Name owner;
    try {
      owner = Name.fromString(text.name(), Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("DKIM record name " + text.name() + ": " + e.getMessage());
    }
    TXTRecord record = new TXTRecord(owner, DClass.IN, TTL_SECONDS, text.strings());
    return new PublishedRecord(
        record,
        "mail.dkim key " + text.name(),
        zoneRecord ->
            zoneRecord instanceof TXTRecord txt
                && DkimDnsRecords.sameKey(text, String.join("", txt.getStrings())));
  }
}
