package org.webplatform.appliance.rsync.protocol;

import java.io.IOException;
import java.io.InputStream;

/**
 * The client's data stream once it multiplexes (protocol 30+): the concatenation of MSG_DATA
 * payloads. Frame boundaries carry no meaning. Keep-alives (empty MSG_DATA, MSG_NOOP) are skipped;
 * a client MSG_ERROR_EXIT (its acknowledgement of ours) is remembered; anything else is a
 * protocol error (a pulling client never sends files or logs to us).
 */
public final class DemultiplexedInput extends InputStream {
  private static final int MAX_MESSAGE = 4096;

  private final SocketInput in;
  private int remaining;
  private boolean clientExited;

  public DemultiplexedInput(SocketInput in) {
    this.in = in;
  }

  public boolean clientExited() {
    return clientExited;
  }

  private boolean nextDataFrame() throws IOException {
    while (remaining == 0) {
      byte[] h = new byte[4];
      int first = in.read();
      if (first < 0) {
        return false;
      }
      h[0] = (byte) first;
      in.readFully(h, 1, 3);
      int header = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16 | (h[3] & 0xff) << 24;
      int tag = (header >>> 24) - MessageTag.MPLEX_BASE;
      int len = header & 0xffffff;
      if (tag == MessageTag.DATA) {
        remaining = len;
        continue;
      }
      if (len > MAX_MESSAGE) {
        throw SessionException.protocol("client message " + tag + " too long: " + len);
      }
      byte[] payload = new byte[len];
      in.readFully(payload, 0, len);
      switch (tag) {
        case MessageTag.NOOP:
          break;
        case MessageTag.ERROR_EXIT:
          clientExited = true;
          return false;
        case MessageTag.INFO:
        case MessageTag.WARNING:
        case MessageTag.ERROR:
        case MessageTag.ERROR_XFER:
          // A client may report its own trouble; nothing for us to act on.
          break;
        default:
          throw SessionException.protocol("unexpected message tag " + tag + " from client");
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (!nextDataFrame()) {
      return -1;
    }
    int c = in.read();
    if (c < 0) {
      return -1;
    }
    remaining--;
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!nextDataFrame()) {
      return -1;
    }
    int n = in.read(b, off, Math.min(len, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }
}
