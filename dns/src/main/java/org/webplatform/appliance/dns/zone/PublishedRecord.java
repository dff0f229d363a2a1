package org.webplatform.appliance.dns.zone;

import java.util.Objects;
import java.util.function.Predicate;
import org.xbill.DNS.Record;

/**
 * A record another part of the appliance asks the DNS role to serve in whichever of our zones is
 * authoritative for its owner name: the DKIM public keys of {@code mail.dkim} (RFC 6376 §3.6.2.1),
 * so nobody copies key text into zone files and a key rotation cannot leave a stale key in DNS.
 *
 * <p>The published record replaces the zone file's RRset of the same owner and type: the appliance
 * signs with the configured key, so that key is the one verifiers must find.
 *
 * @param record owner, type, TTL and data
 * @param origin where it comes from, for messages (e.g. {@code mail.dkim.keys.sample})
 * @param agrees whether a zone-file record of the same owner and type carries the same content
 *     (e.g. the same key split into other strings); one that does not is reported as a warning
 */
public record PublishedRecord(Record record, String origin, Predicate<Record> agrees) {
  public PublishedRecord {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(agrees, "agrees");
  }
}
