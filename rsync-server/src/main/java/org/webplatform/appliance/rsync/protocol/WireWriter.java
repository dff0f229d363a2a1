package org.webplatform.appliance.rsync.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes rsync's little-endian integers, varints, varlongs and file indexes (io.c write_int,
 * write_varint, write_varlong, write_ndx) to our data stream. Keeps the send-direction ndx state.
 */
public final class WireWriter {
  private final OutputStream out;
  private final byte[] scratch = new byte[16];
  private int prevPositive = -1;
  private int prevNegative = 1;

  public WireWriter(OutputStream out) {
    this.out = out;
  }

  public OutputStream stream() {
    return out;
  }

  public void writeByte(int b) throws IOException {
    out.write(b);
  }

  public void write(byte[] b) throws IOException {
    out.write(b, 0, b.length);
  }

  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  public void writeShort(int v) throws IOException {
    scratch[0] = (byte) v;
    scratch[1] = (byte) (v >>> 8);
    out.write(scratch, 0, 2);
  }

  public void writeInt(int v) throws IOException {
    scratch[0] = (byte) v;
    scratch[1] = (byte) (v >>> 8);
    scratch[2] = (byte) (v >>> 16);
    scratch[3] = (byte) (v >>> 24);
    out.write(scratch, 0, 4);
  }

  public void writeVarint(int v) throws IOException {
    writeVarlongInternal(v & 0xffffffffL, 1, 4);
  }

  /** io.c write_varlong(x, min_bytes). */
  public void writeVarlong(long v, int minBytes) throws IOException {
    writeVarlongInternal(v, minBytes, 8);
  }

  private void writeVarlongInternal(long x, int minBytes, int maxBytes) throws IOException {
    // Smallest e with x >> 8*(m-1+e) < 2^(7-e): e prefix one-bits, then the top bits.
    for (int e = 0; ; e++) {
      int low = minBytes - 1 + e;
      if (low >= maxBytes) {
        // No room for top bits: prefix carries only the count.
        int prefix = (0xff << (8 - e)) & 0xff;
        scratch[0] = (byte) prefix;
        for (int i = 0; i < maxBytes; i++) {
          scratch[1 + i] = (byte) (x >>> (8 * i));
        }
        out.write(scratch, 0, 1 + maxBytes);
        return;
      }
      long top = x >>> (8 * low);
      if (top < (1L << (7 - e))) {
        int prefix = ((0xff << (8 - e)) & 0xff) | (int) top;
        scratch[0] = (byte) prefix;
        for (int i = 0; i < low; i++) {
          scratch[1 + i] = (byte) (x >>> (8 * i));
        }
        out.write(scratch, 0, 1 + low);
        return;
      }
    }
  }

  /** A vstring: length in one byte, or two bytes with bit 7 set for 128..32767. */
  public void writeVstring(byte[] s) throws IOException {
    if (s.length > 0x7fff) {
      throw new IllegalArgumentException("vstring too long");
    }
    if (s.length >= 0x80) {
      out.write(0x80 | s.length >>> 8);
    }
    out.write(s.length & 0xff);
    out.write(s, 0, s.length);
  }

  /** io.c write_ndx (protocol 30+). */
  public void writeNdx(int ndx) throws IOException {
    if (ndx == Ndx.DONE) {
      out.write(0);
      return;
    }
    int n = 0;
    int diff;
    if (ndx >= 0) {
      diff = ndx - prevPositive;
      prevPositive = ndx;
    } else {
      scratch[n++] = (byte) 0xff;
      ndx = -ndx;
      diff = ndx - prevNegative;
      prevNegative = ndx;
    }
    if (diff > 0 && diff < 0xfe) {
      scratch[n++] = (byte) diff;
    } else if (diff < 0 || diff > 0x7fff) {
      scratch[n++] = (byte) 0xfe;
      scratch[n++] = (byte) ((ndx >>> 24) | 0x80);
      scratch[n++] = (byte) ndx;
      scratch[n++] = (byte) (ndx >>> 8);
      scratch[n++] = (byte) (ndx >>> 16);
    } else {
      scratch[n++] = (byte) 0xfe;
      scratch[n++] = (byte) (diff >>> 8);
      scratch[n++] = (byte) diff;
    }
    out.write(scratch, 0, n);
  }
}
