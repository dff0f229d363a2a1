package org.webplatform.appliance.rsync.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads rsync's little-endian integers, varints and file indexes (io.c read_int, read_varint,
 * read_ndx) from the client's data stream. Keeps the receive-direction ndx state.
 */
public final class WireReader {
  private final InputStream in;
  private int prevPositive = -1;
  private int prevNegative = 1;

  public WireReader(InputStream in) {
    this.in = in;
  }

  public int readByte() throws IOException {
    int c = in.read();
    if (c < 0) {
      throw new EOFException("connection closed by client");
    }
    return c;
  }

  public void readFully(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = in.read(b, off, len);
      if (n < 0) {
        throw new EOFException("connection closed by client");
      }
      off += n;
      len -= n;
    }
  }

  public int readShort() throws IOException {
    return readByte() | readByte() << 8;
  }

  public int readInt() throws IOException {
    return readByte() | readByte() << 8 | readByte() << 16 | readByte() << 24;
  }

  /** io.c read_varint: leading one-bits of the first byte say how many bytes follow. */
  public int readVarint() throws IOException {
    int first = readByte();
    int extra = Integer.numberOfLeadingZeros(~(first << 24));
    if (extra > 4) {
      throw SessionException.protocol("bad varint prefix " + first);
    }
    int value = 0;
    for (int i = 0; i < extra; i++) {
      value |= readByte() << (8 * i);
    }
    if (extra < 4) {
      value |= (first & (0xff >>> (extra + 1))) << (8 * extra);
    }
    return value;
  }

  /** io.c read_varlong(min_bytes). */
  public long readVarlong(int minBytes) throws IOException {
    int first = readByte();
    int extra = Integer.numberOfLeadingZeros(~(first << 24));
    int lowBytes = minBytes - 1 + extra;
    if (extra > 6 || lowBytes > 8) {
      throw SessionException.protocol("bad varlong prefix " + first);
    }
    long value = 0;
    for (int i = 0; i < lowBytes; i++) {
      value |= (long) readByte() << (8 * i);
    }
    if (lowBytes < 8) {
      value |= (long) (first & (0xff >>> (extra + 1))) << (8 * lowBytes);
    }
    return value;
  }

  /** A short length-prefixed string (vstring: one byte, or two with bit 7 set). */
  public byte[] readVstring(int maxLength) throws IOException {
    int len = readByte();
    if ((len & 0x80) != 0) {
      len = (len & 0x7f) << 8 | readByte();
    }
    if (len > maxLength) {
      throw SessionException.protocol("string of " + len + " bytes exceeds " + maxLength);
    }
    byte[] b = new byte[len];
    readFully(b, 0, len);
    return b;
  }

  /** io.c read_ndx (protocol 30+): a delta against the previous index of the same sign. */
  public int readNdx() throws IOException {
    int b = readByte();
    boolean negative = false;
    if (b == 0) {
      return Ndx.DONE;
    }
    if (b == 0xff) {
      negative = true;
      b = readByte();
    }
    int prev = negative ? prevNegative : prevPositive;
    int num;
    if (b == 0xfe) {
      int b1 = readByte();
      int b2 = readByte();
      if ((b1 & 0x80) != 0) {
        int b3 = readByte();
        int b4 = readByte();
        num = (b1 & 0x7f) << 24 | b2 | b3 << 8 | b4 << 16;
      } else {
        num = (b1 << 8 | b2) + prev;
      }
    } else {
      num = b + prev;
    }
    if (negative) {
      prevNegative = num;
      return -num;
    }
    prevPositive = num;
    return num;
  }
}
