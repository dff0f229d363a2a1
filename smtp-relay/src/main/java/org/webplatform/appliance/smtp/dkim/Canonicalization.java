package org.webplatform.appliance.smtp.dkim;

import java.util.Locale;

/** RFC 6376 §3.4: the two canonicalization algorithms, for header and for body. */
public enum Canonicalization {
  SIMPLE,
  RELAXED;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** One side of a {@code c=} value. */
  public static Canonicalization parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "simple" -> SIMPLE;
      case "relaxed" -> RELAXED;
      default -> throw new IllegalArgumentException("'" + text + "' is not simple or relaxed");
    };
  }

  /** A body canonicalizer of this kind feeding {@code sink}. */
  BodyCanonicalizer body(BodyCanonicalizer.Sink sink) {
    return this == SIMPLE ? new SimpleBody(sink) : new RelaxedBody(sink);
  }
}
