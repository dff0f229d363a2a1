package org.webplatform.appliance.smtp.dkim;

import java.util.Locale;

/** The two signing algorithms: RFC 6376 §3.3.1 rsa-sha256 and RFC 8463 §3 ed25519-sha256. */
public enum DkimAlgorithm {
  RSA_SHA256("rsa-sha256", "rsa", "RSA"),
  ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519");

  private final String tag;
  private final String keyType;
  private final String jcaKeyAlgorithm;

  DkimAlgorithm(String tag, String keyType, String jcaKeyAlgorithm) {
    this.tag = tag;
    this.keyType = keyType;
    this.jcaKeyAlgorithm = jcaKeyAlgorithm;
  }

  /** The {@code a=} tag value. */
  public String tag() {
    return tag;
  }

  /** The {@code k=} value of the key record (RFC 6376 §3.6.1, RFC 8463 §4). */
  public String keyType() {
    return keyType;
  }

  String jcaKeyAlgorithm() {
    return jcaKeyAlgorithm;
  }

  /** "rsa" or "ed25519" (the config and CLI spelling); the a= tags are accepted too. */
  public static DkimAlgorithm parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (DkimAlgorithm a : values()) {
      if (a.keyType.equals(t) || a.tag.equals(t)) {
        return a;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not rsa or ed25519");
  }
}
