package org.webplatform.appliance.smtp.dkim;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * One signing key: the {@code d=} domain and {@code s=} selector it signs for, its algorithm,
 * and the key pair (the public half is derived from the private key, {@link DkimKeys}).
 */
public record DkimKey(
    String domain, String selector, DkimAlgorithm algorithm, PrivateKey privateKey,
    PublicKey publicKey) {
  public DkimKey {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /** The key record owner name, {@code selector._domainkey.domain} (RFC 6376 §3.6.2.1). */
  public String recordName() {
    return selector + "._domainkey." + domain;
  }

  /** The key record text, {@code v=DKIM1; k=...; p=...} (RFC 6376 §3.6.1, RFC 8463 §4). */
  public String recordText() {
    return DkimKeys.recordText(algorithm, publicKey);
  }
}
