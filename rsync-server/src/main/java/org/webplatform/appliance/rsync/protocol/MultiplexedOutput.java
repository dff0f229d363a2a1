package org.webplatform.appliance.rsync.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything the server writes. Raw during the handshake; after {@link #startMultiplexing()} the
 * data stream travels in MSG_DATA frames and messages (errors, keep-alives...) in their own
 * frames (io.c: mplex_write). Counts bytes written for rsync's statistics.
 */
public final class MultiplexedOutput extends OutputStream {
  /** Frame payload limit; rsync uses up to 0xFFFFFF, a smaller frame keeps latency low. */
  private static final int MAX_FRAME = 64 * 1024;

  private final OutputStream out;
  private final byte[] data = new byte[MAX_FRAME];
  private int dataLength;
  private boolean multiplexing;
  private long totalWritten;
  private long lastWriteNanos = System.nanoTime();

  public MultiplexedOutput(OutputStream out) {
    this.out = out;
  }

  public void startMultiplexing() throws IOException {
    flushData();
    multiplexing = true;
  }

  public boolean multiplexing() {
    return multiplexing;
  }

  public long totalWritten() {
    return totalWritten;
  }

  @Override
  public void write(int b) throws IOException {
    if (dataLength == data.length) {
      flushData();
    }
    data[dataLength++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (dataLength == data.length) {
        flushData();
      }
      int n = Math.min(len, data.length - dataLength);
      System.arraycopy(b, off, data, dataLength, n);
      dataLength += n;
      off += n;
      len -= n;
    }
  }

  /** Sends a message frame (after any buffered data, so order is kept). */
  public void message(int tag, byte[] payload) throws IOException {
    if (!multiplexing) {
      throw new IllegalStateException("messages need multiplexing");
    }
    flushData();
    writeFrame(tag, payload, 0, payload.length);
  }

  public void message(int tag, String text) throws IOException {
    message(tag, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A message whose payload is one little-endian int (MSG_IO_ERROR, MSG_NO_SEND...). */
  public void messageInt(int tag, int value) throws IOException {
    message(
        tag,
        new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (
            value >>> 24)});
  }

  /** An empty MSG_DATA frame: the keep-alive of rsync 3.1+ (io.c maybe_send_keepalive). */
  public void keepAlive() throws IOException {
    if (multiplexing) {
      flushData();
      writeFrame(MessageTag.DATA, data, 0, 0);
      out.flush();
    }
  }

  /**
   * Called from long loops: when nothing reached the socket for {@code intervalMillis}, pushes
   * out buffered data, or an empty keep-alive frame when there is none.
   */
  public void keepAliveIfIdle(long intervalMillis) throws IOException {
    if (intervalMillis > 0
        && multiplexing
        && System.nanoTime() - lastWriteNanos > intervalMillis * 1_000_000L) {
      if (dataLength > 0) {
        flush();
      } else {
        keepAlive();
      }
    }
  }

  private void flushData() throws IOException {
    if (dataLength == 0) {
      return;
    }
    if (multiplexing) {
      writeFrame(MessageTag.DATA, data, 0, dataLength);
    } else {
      out.write(data, 0, dataLength);
      totalWritten += dataLength;
      lastWriteNanos = System.nanoTime();
    }
    dataLength = 0;
  }

  private void writeFrame(int tag, byte[] b, int off, int len) throws IOException {
    int header = ((MessageTag.MPLEX_BASE + tag) << 24) | len;
    byte[] h = {(byte) header, (byte) (header >>> 8), (byte) (header >>> 16), (byte) (
        header >>> 24)};
    out.write(h);
    out.write(b, off, len);
    totalWritten += 4 + len;
    lastWriteNanos = System.nanoTime();
  }

  @Override
  public void flush() throws IOException {
    flushData();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
