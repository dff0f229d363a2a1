package org.webplatform.appliance.rsync.sender;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.List;

/**
 * The negotiated strong checksum (checksum.c): names as on the wire, digest length, how a block
 * sum uses the seed, and the whole-file sum (never seeded). Our list in rsync's preference
 * order; the first name of the client's list that we support wins.
 */
public enum ChecksumType {
  XXH64("xxh64", 8),
  MD5("md5", 16);

  /** Offered to clients with the 'v' capability, strongest/fastest first like rsync. */
  public static final List<String> OFFER = List.of("xxh64", "md5");

  private final String wireName;
  private final int length;

  ChecksumType(String wireName, int length) {
    this.wireName = wireName;
    this.length = length;
  }

  public String wireName() {
    return wireName;
  }

  public int length() {
    return length;
  }

  public static ChecksumType byName(String name) {
    for (ChecksumType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** A whole-file (or -c) checksum in progress. */
  interface FileSum {
    void update(byte[] b, int off, int len);

    byte[] digest();
  }

  FileSum newFileSum() {
    if (this == XXH64) {
      Xxh64 x = new Xxh64();
      return new FileSum() {
        @Override
        public void update(byte[] b, int off, int len) {
          x.update(b, off, len);
        }

        @Override
        public byte[] digest() {
          byte[] out = new byte[8];
          x.digest(out, 0);
          x.reset(0);
          return out;
        }
      };
    }
    MessageDigest md = Md5.newDigest();
    return new FileSum() {
      @Override
      public void update(byte[] b, int off, int len) {
        md.update(b, off, len);
      }

      @Override
      public byte[] digest() {
        return md.digest();
      }
    };
  }

  /** Computes block sums; one per sender session (reuses its state). */
  interface BlockSum {
    /** Writes the full-length sum of {@code b[off, off+len)} into {@code out}. */
    void sum(byte[] b, int off, int len, byte[] out);
  }

  /**
   * @param seed the checksum seed
   * @param seedFirst MD5 only: seed before the data (CF_CHKSUM_SEED_FIX) or after
   */
  BlockSum newBlockSum(int seed, boolean seedFirst) {
    if (this == XXH64) {
      Xxh64 x = new Xxh64();
      // rsync passes its int seed to XXH64's 64-bit seed: C sign-extends it.
      long s = seed;
      return (b, off, len, out) -> {
        x.reset(s);
        x.update(b, off, len);
        x.digest(out, 0);
      };
    }
    MessageDigest md = Md5.newDigest();
    byte[] seedBytes =
        seed == 0
            ? new byte[0]
            : new byte[] {(byte) seed, (byte) (seed >>> 8), (byte) (seed >>> 16), (byte) (
                seed >>> 24)};
    return (b, off, len, out) -> {
      md.reset();
      if (seedFirst) {
        md.update(seedBytes);
        md.update(b, off, len);
      } else {
        md.update(b, off, len);
        md.update(seedBytes);
      }
      try {
        md.digest(out, 0, 16);
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
