package org.webplatform.appliance.rsync.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * The raw socket input: buffered, counted (rsync's total_read for the statistics), flushes our
 * pending output before it blocks (so neither side waits on the other), and turns read timeouts
 * into idle ticks for keep-alives and the session timeout (rsync io.c check_timeout).
 */
public final class SocketInput extends InputStream {
  private final InputStream in;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private long totalRead;
  private Runnable beforeBlock = () -> {};
  private IdleHandler idleHandler = idle -> {};
  private final long tickMillis;

  /** {@code tickMillis}: the socket's SO_TIMEOUT, i.e. how often an idle read wakes up. */
  public SocketInput(InputStream in, long tickMillis) {
    this.in = in;
    this.tickMillis = tickMillis;
  }

  public void beforeBlock(Runnable hook) {
    this.beforeBlock = hook;
  }

  public void idleHandler(IdleHandler handler) {
    this.idleHandler = handler;
  }

  public long totalRead() {
    return totalRead;
  }

  private boolean fill() throws IOException {
    if (pos < limit) {
      return true;
    }
    beforeBlock.run();
    long idle = 0;
    while (true) {
      try {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          return false;
        }
        pos = 0;
        limit = n;
        totalRead += n;
        return true;
      } catch (SocketTimeoutException e) {
        idle += tickMillis;
        idleHandler.onIdle(idle);
      }
    }
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  public void readFully(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = read(b, off, len);
      if (n < 0) {
        throw new EOFException("connection closed by client");
      }
      off += n;
      len -= n;
    }
  }

  /**
   * Reads one handshake line (terminated by {@code \n}, or by NUL when {@code nulTerminated}),
   * without the terminator; refuses lines longer than {@code maxLength} bytes. Returns null at
   * end of stream before any byte.
   */
  public byte[] readLine(int maxLength, boolean nulTerminated) throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(64);
    int end = nulTerminated ? 0 : '\n';
    while (true) {
      int c = read();
      if (c < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new EOFException("connection closed inside a line");
      }
      if (c == end) {
        return line.toByteArray();
      }
      if (line.size() >= maxLength) {
        throw SessionException.protocol("line longer than " + maxLength + " bytes");
      }
      line.write(c);
    }
  }
}
