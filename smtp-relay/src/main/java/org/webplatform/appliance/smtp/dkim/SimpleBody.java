package org.webplatform.appliance.smtp.dkim;

/**
 * RFC 6376 §3.4.3 "simple": lines unchanged, trailing empty lines dropped; an empty body (or one
 * of empty lines only) becomes a single CRLF.
 */
final class SimpleBody extends BodyCanonicalizer {
  private static final byte[] CRLF = {'\r', '\n'};

  SimpleBody(Sink sink) {
    super(sink);
  }

  @Override
  int canonicalLine(byte[] line, int len) {
    return len;
  }

  @Override
  byte[] emptyBody() {
    return CRLF;
  }
}
