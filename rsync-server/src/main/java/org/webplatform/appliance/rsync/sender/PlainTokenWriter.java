package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import org.webplatform.appliance.rsync.protocol.WireWriter;

/**
 * Uncompressed tokens (token.c simple_send_token): {@code int32 n} + n literal bytes (at most
 * 32 KiB per run), {@code int32 -(i+1)} for block i, {@code int32 0} at the end.
 */
final class PlainTokenWriter implements TokenWriter {
  private static final int CHUNK = 32 * 1024;
  private final WireWriter w;

  PlainTokenWriter(WireWriter w) {
    this.w = w;
  }

  @Override
  public void start(boolean compressible) {}

  @Override
  public void literal(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      w.writeInt(n);
      w.write(b, off, n);
      off += n;
      len -= n;
    }
  }

  @Override
  public void block(int index) throws IOException {
    w.writeInt(-(index + 1));
  }

  @Override
  public void end() throws IOException {
    w.writeInt(0);
  }
}
