package org.webplatform.appliance.smtp.dkim;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A DKIM key record to publish: owner {@code selector._domainkey.domain} and its TXT text split
 * into character-strings of at most 255 bytes (RFC 1035 §3.3.14; verifiers concatenate them,
 * RFC 6376 §3.6.2.2).
 */
public record TxtRecord(String name, List<String> strings) {
  public TxtRecord {
    strings = List.copyOf(strings);
  }

  static TxtRecord of(DkimKey key) {
    return new TxtRecord(key.recordName(), DkimKeys.split255(key.recordText()));
  }

  /** The whole record text, strings joined. */
  public String text() {
    return String.join("", strings);
  }

  /** A zone-file line: {@code s._domainkey.d. TXT "v=DKIM1; k=rsa; p=..." "..."}. */
  public String zoneLine() {
    return name + ". TXT "
        + strings.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(" "));
  }
}
