package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.io.InputStream;

/**
 * The message as the SMTP client puts it on the wire: bare CR and bare LF become CRLF, as
 * SmtpConnection's writer does (RFC 5321 §2.3.8). The signer hashes this form, so a message
 * spooled with bare LFs still verifies at the receiver. A CRLF message passes unchanged.
 * Buffers its input itself (reads it in blocks): the signer reads the header byte by byte.
 */
final class CrlfNormalizer extends InputStream {
  private final InputStream in;
  private final byte[] raw = new byte[8192];
  private int rawPos;
  private int rawLen;
  private boolean eof;
  private final byte[] single = new byte[1];
  private int prev = -1;

  CrlfNormalizer(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      if (rawPos == rawLen) {
        if (n > 0 || !fill()) {
          break; // what there is now, or the end
        }
      }
      int b = raw[rawPos] & 0xff;
      // A byte that completes a bare CR or LF is not consumed: the next round takes it.
      if (prev == '\r' && b != '\n') {
        b = '\n';
      } else if (b == '\n' && prev != '\r') {
        b = '\r';
      } else {
        rawPos++;
      }
      buf[off + n++] = (byte) b;
      prev = b;
    }
    if (n == 0 && eof && prev == '\r') {
      buf[off] = '\n'; // a CR at the very end
      prev = '\n';
      return 1;
    }
    return n == 0 ? -1 : n;
  }

  /** Reads the next block; false at the end of the input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int got = in.read(raw, 0, raw.length);
    if (got < 0) {
      eof = true;
      return false;
    }
    rawPos = 0;
    rawLen = got;
    return true;
  }

  @Override
  public int available() throws IOException {
    return rawLen - rawPos;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
