package org.webplatform.appliance.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XXH3-64 and XXH128 against the reference library: {@code xxh3/xxh3-vectors.txt}, written by
 * {@code gen-vectors.py} with Debian's python3-xxhash (every length 0-2048, 1 MiB and 10 MiB + 13,
 * rsync-style int seeds sign-extended), one-shot and streamed in many chunkings.
 */
class Xxh3Test {
  record Vector(int length, long seed, long xxh3, long xxh128High, long xxh128Low) {}

  static List<Vector> vectors;
  static byte[] data;

  @BeforeAll
  static void load() throws IOException {
    vectors = new ArrayList<>();
    long[] seeds = null;
    int max = 0;
    try (InputStream in = Xxh3Test.class.getResourceAsStream("/xxh3/xxh3-vectors.txt");
        BufferedReader r =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(" ");
        if (line.startsWith("# seeds ")) {
          seeds = new long[f.length - 2];
          for (int i = 0; i < seeds.length; i++) {
            seeds[i] = Integer.parseInt(f[i + 2]); // the int, sign-extended as C does
          }
        } else if (!line.startsWith("#")) {
          int length = Integer.parseInt(f[0]);
          vectors.add(
              new Vector(
                  length,
                  seeds[Integer.parseInt(f[1])],
                  Long.parseUnsignedLong(f[2], 16),
                  Long.parseUnsignedLong(f[3].substring(0, 16), 16),
                  Long.parseUnsignedLong(f[3].substring(16), 16)));
          max = Math.max(max, length);
        }
      }
    }
    assertTrue(vectors.size() > 2200, "vectors read: " + vectors.size());
    data = splitMix64(max);
  }

  /** The generator's input: SplitMix64 from state 0, each 64-bit output little-endian. */
  static byte[] splitMix64(int n) {
    byte[] out = new byte[n + 8];
    long state = 0;
    for (int i = 0; i < n; i += 8) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      for (int j = 0; j < 8; j++) {
        out[i + j] = (byte) (z >>> (8 * j));
      }
    }
    return out;
  }

  @Test
  void oneShotMatchesReferenceAtEveryLengthAndSeed() {
    for (Vector v : vectors) {
      Xxh3Secret key = Xxh3Secret.forSeed(v.seed);
      String what = "length " + v.length + " seed " + v.seed;
      assertEquals(v.xxh3, Xxh3.hash64(data, 0, v.length, key), "xxh3 " + what);
      assertEquals(
          new Hash128(v.xxh128Low, v.xxh128High), Xxh3.hash128(data, 0, v.length, key),
          "xxh128 " + what);
    }
  }

  @Test
  void inputAtAnOffsetHashesTheSame() {
    byte[] shifted = new byte[3000];
    for (Vector v : vectors) {
      if (v.length <= 2048) {
        System.arraycopy(data, 0, shifted, 7, v.length);
        Xxh3Secret key = Xxh3Secret.forSeed(v.seed);
        assertEquals(v.xxh3, Xxh3.hash64(shifted, 7, v.length, key), "length " + v.length);
      }
    }
  }

  @Test
  void streamingMatchesReferenceForRandomChunkings() {
    Random random = new Random(1);
    Xxh3 x = new Xxh3();
    for (Vector v : vectors) {
      int rounds = v.length > 4096 ? 3 : 4;
      for (int round = 0; round < rounds; round++) {
        // Small chunks, chunks around the 64-byte stripe and the 256-byte buffer, big chunks.
        int maxChunk = new int[] {8, 300, 5000, 1 << 20}[round];
        x.reset(Xxh3Secret.forSeed(v.seed));
        int off = 0;
        while (off < v.length) {
          int n = Math.min(v.length - off, random.nextInt(maxChunk + 1));
          x.update(data, off, n);
          off += n;
        }
        String what = "length " + v.length + " seed " + v.seed + " chunks <= " + maxChunk;
        assertEquals(v.xxh3, x.digest64(), "xxh3 " + what);
        assertEquals(new Hash128(v.xxh128Low, v.xxh128High), x.digest128(), "xxh128 " + what);
      }
    }
  }

  @Test
  void streamingWithFixedChunksAroundStripeAndBlockSizes() {
    Vector big = vectors.get(vectors.size() - 1);
    Vector mib = vectors.stream().filter(v -> v.length == 1 << 20 && v.seed == 0).findFirst()
        .orElseThrow();
    Xxh3 x = new Xxh3();
    for (int chunk : new int[] {1, 63, 64, 65, 255, 256, 257, 1023, 1024, 1025, 65536}) {
      for (Vector v : List.of(mib, big)) {
        if (chunk == 1 && v == big) {
          continue;
        }
        x.reset(Xxh3Secret.forSeed(v.seed));
        for (int off = 0; off < v.length; off += chunk) {
          x.update(data, off, Math.min(chunk, v.length - off));
        }
        assertEquals(v.xxh3, x.digest64(), "chunk " + chunk + " length " + v.length);
        assertEquals(new Hash128(v.xxh128Low, v.xxh128High), x.digest128());
      }
    }
  }

  @Test
  void digestLeavesTheStateReadyForMoreInput() {
    Xxh3 x = new Xxh3();
    for (Vector v : vectors) {
      if (v.seed == 0 && v.length <= 2048) {
        x.reset(Xxh3Secret.DEFAULT);
        x.update(data, 0, v.length / 2);
        x.digest64();
        x.digest128();
        x.update(data, v.length / 2, v.length - v.length / 2);
        assertEquals(v.xxh3, x.digest64(), "length " + v.length);
      }
    }
  }

  @Test
  void wireFormatIsLowThenHighLittleEndianAsRsyncSends() {
    // rsync checksum.c: SIVAL64(sum, 0, digest.low64); SIVAL64(sum, 8, digest.high64).
    byte[] out = new byte[16];
    new Hash128(0x0706050403020100L, 0x0F0E0D0C0B0A0908L).toWire(out, 0);
    assertArrayEquals(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"), out);
    // "abc" as xxhsum -H2 prints it (canonical): 06b05ab6733a618578af5f94892f3950.
    Hash128 abc = Xxh3.hash128("abc".getBytes(StandardCharsets.US_ASCII), 0, 3,
        Xxh3Secret.DEFAULT);
    abc.toWire(out, 0);
    assertEquals("50392f89945faf7885613a73b65ab006", HexFormat.of().formatHex(out));
  }

  @Test
  void derivedSecretForSeedZeroIsTheDefault() {
    assertEquals(Xxh3Secret.DEFAULT, Xxh3Secret.forSeed(0));
    Xxh3Secret minusOne = Xxh3Secret.forSeed(-1);
    assertEquals(Xxh3Secret.DEFAULT.stripeWords[0] - 1, minusOne.stripeWords[0]);
    assertEquals(Xxh3Secret.DEFAULT.stripeWords[1] + 1, minusOne.stripeWords[1]);
  }
}
