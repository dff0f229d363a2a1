package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import java.util.zip.Deflater;
import org.webplatform.appliance.rsync.protocol.WireWriter;

/**
 * Compressed tokens for {@code zlibx} (and literal-only {@code zlib}), token.c
 * send_deflated_token: one raw deflate stream per file; literal data goes out as
 * {@code DEFLATED_DATA} records (flag 0x40 | len >> 8, len & 0xff, data; len at most 16383);
 * before each block token and before {@code END_FLAG} the stream is sync-flushed and the
 * trailing {@code 00 00 ff ff} dropped (the receiver re-inserts it). Consecutive blocks are
 * sent as runs relative to the end of the previous run.
 */
final class DeflateTokenWriter implements TokenWriter {
  private static final int END_FLAG = 0x00;
  private static final int TOKEN_LONG = 0x20;
  private static final int TOKENRUN_LONG = 0x21;
  private static final int DEFLATED_DATA = 0x40;
  private static final int TOKEN_REL = 0x80;
  private static final int TOKENRUN_REL = 0xc0;
  private static final int MAX_DATA = 16383;
  private static final int MAX_RUN = 65535;

  private final WireWriter w;
  private final Deflater deflater;
  private final int level;
  private final boolean literalOnly;
  private byte[] pending = new byte[64 * 1024];
  private int pendingLength;
  private boolean unflushed;
  private boolean runActive;
  private int runStart;
  private int lastToken;
  private int lastRunEnd;

  DeflateTokenWriter(WireWriter w, int level, boolean literalOnly) {
    this.w = w;
    this.level = level;
    this.literalOnly = literalOnly;
    this.deflater = new Deflater(level, true);
  }

  @Override
  public boolean allowsBlocks() {
    return !literalOnly;
  }

  @Override
  public void start(boolean compressible) {
    deflater.reset();
    deflater.setLevel(compressible ? level : Deflater.NO_COMPRESSION);
    pendingLength = 0;
    unflushed = false;
    runActive = false;
    lastRunEnd = 0;
  }

  @Override
  public void literal(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    flushRun();
    deflater.setInput(b, off, len);
    while (!deflater.needsInput()) {
      deflateInto(Deflater.NO_FLUSH);
      // Keep the last 4 bytes back: they may turn out to be the sync marker.
      while (pendingLength > MAX_DATA + 4) {
        emit(MAX_DATA);
      }
    }
    unflushed = true;
  }

  @Override
  public void block(int index) throws IOException {
    if (runActive && index == lastToken + 1 && lastToken - runStart < MAX_RUN) {
      lastToken = index;
      return;
    }
    flushRun();
    runActive = true;
    runStart = index;
    lastToken = index;
  }

  @Override
  public void end() throws IOException {
    flushRun();
    syncFlush();
    w.writeByte(END_FLAG);
  }

  private void flushRun() throws IOException {
    if (!runActive) {
      return;
    }
    syncFlush();
    int r = runStart - lastRunEnd;
    int n = lastToken - runStart;
    if (r >= 0 && r <= 63) {
      w.writeByte((n == 0 ? TOKEN_REL : TOKENRUN_REL) + r);
    } else {
      w.writeByte(n == 0 ? TOKEN_LONG : TOKENRUN_LONG);
      w.writeInt(runStart);
    }
    if (n != 0) {
      w.writeByte(n & 0xff);
      w.writeByte(n >>> 8);
    }
    lastRunEnd = lastToken;
    runActive = false;
  }

  /** Z_SYNC_FLUSH, drop the 00 00 ff ff marker, send what is left. */
  private void syncFlush() throws IOException {
    if (!unflushed) {
      return;
    }
    int n;
    do {
      n = deflateInto(Deflater.SYNC_FLUSH);
    } while (n > 0 && pendingLength == pending.length);
    if (pendingLength < 4
        || pending[pendingLength - 4] != 0
        || pending[pendingLength - 3] != 0
        || pending[pendingLength - 2] != (byte) 0xff
        || pending[pendingLength - 1] != (byte) 0xff) {
      throw new IllegalStateException("deflate sync flush without its marker");
    }
    pendingLength -= 4;
    while (pendingLength > 0) {
      emit(Math.min(MAX_DATA, pendingLength));
    }
    unflushed = false;
  }

  private int deflateInto(int flush) {
    if (pending.length - pendingLength < 8 * 1024) {
      pending = java.util.Arrays.copyOf(pending, pending.length * 2);
    }
    int n = deflater.deflate(pending, pendingLength, pending.length - pendingLength, flush);
    pendingLength += n;
    return n;
  }

  private void emit(int n) throws IOException {
    w.writeByte(DEFLATED_DATA | (n >>> 8));
    w.writeByte(n & 0xff);
    w.write(pending, 0, n);
    System.arraycopy(pending, n, pending, 0, pendingLength - n);
    pendingLength -= n;
  }
}
