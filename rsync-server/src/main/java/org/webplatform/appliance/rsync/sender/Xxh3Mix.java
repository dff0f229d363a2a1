package org.webplatform.appliance.rsync.sender;

/**
 * The constants and 64-bit mixing steps XXH3 builds on (xxhash_spec.md, "XXH3 Algorithm
 * Overview"). Java has no unsigned 64×64→128 product before JDK 18, so the high half is derived
 * from the signed {@link Math#multiplyHigh} (a C2 intrinsic, one MUL instruction).
 */
final class Xxh3Mix {
  static final long PRIME32_1 = 0x9E3779B1L;
  static final long PRIME32_2 = 0x85EBCA77L;
  static final long PRIME32_3 = 0xC2B2AE3DL;
  static final long PRIME64_1 = 0x9E3779B185EBCA87L;
  static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
  static final long PRIME64_3 = 0x165667B19E3779F9L;
  static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
  static final long PRIME64_5 = 0x27D4EB2F165667C5L;
  static final long PRIME_MX1 = 0x165667919E3779F9L;
  static final long PRIME_MX2 = 0x9FB21C651E98DF25L;

  private Xxh3Mix() {}

  /**
   * The high 64 bits of the unsigned 128-bit product: the signed high half plus the corrections
   * for operands whose top bit is set (each such operand was taken as {@code x - 2^64}).
   */
  static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** The 128-bit product of {@code a} and {@code b} folded to 64 bits: low half xor high half. */
  static long fold(long a, long b) {
    return (a * b) ^ unsignedMultiplyHigh(a, b);
  }

  /** avalanche(): the final mix of most XXH3 paths. */
  static long avalanche(long h) {
    h ^= h >>> 37;
    h *= PRIME_MX1;
    return h ^ (h >>> 32);
  }

  /** avalanche_XXH64(): XXH64's final mix, used for inputs of 0 to 3 bytes. */
  static long avalancheXxh64(long h) {
    h ^= h >>> 33;
    h *= PRIME64_2;
    h ^= h >>> 29;
    h *= PRIME64_3;
    return h ^ (h >>> 32);
  }
}
