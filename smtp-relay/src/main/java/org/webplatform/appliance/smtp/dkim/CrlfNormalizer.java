package org.webplatform.appliance.smtp.dkim;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The message as the SMTP client puts it on the wire: bare CR and bare LF become CRLF, as
 * SmtpConnection's writer does (RFC 5321 §2.3.8). The signer hashes this form, so a message
 * spooled with bare LFs still verifies at the receiver. A CRLF message passes unchanged.
 */
final class CrlfNormalizer extends FilterInputStream {
  private int prev = -1;
  private int pending = -1;

  CrlfNormalizer(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    if (pending >= 0) {
      int p = pending;
      pending = -1;
      prev = p;
      return p;
    }
    int b = super.read();
    if (b < 0) {
      if (prev == '\r') {
        prev = '\n';
        return '\n';
      }
      return -1;
    }
    if (prev == '\r' && b != '\n') {
      pending = b; // bare CR: complete it first
      prev = '\n';
      return '\n';
    }
    if (b == '\n' && prev != '\r') {
      pending = '\n'; // bare LF
      prev = '\r';
      return '\r';
    }
    prev = b;
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (n > 0 && pending < 0 && in.available() <= 0) {
        break;
      }
      int b = read();
      if (b < 0) {
        return n == 0 ? -1 : n;
      }
      buf[off + n++] = (byte) b;
    }
    return n;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
