package org.webplatform.appliance.rsync.sender;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Microbenchmark (a main, not a test) of the strong checksums as the sender uses them: seeded
 * one-shot sums of 10 KiB blocks (block sums of a 100 MiB file) and an unseeded 100 MiB stream
 * fed in 256 KiB updates (whole-file and {@code -c} sums), and both over each 10 KiB block as
 * {@link DeltaGenerator} does for matched blocks. Each round runs every case once, in
 * turn, so a busy machine slows them alike; prints GB/s (10^9 bytes/s), median and best over
 * the rounds, and the median of the per-round ratio to xxh64 of the same kind.
 *
 * <pre>
 * java -cp rsync-server/target/classes:rsync-server/target/test-classes \
 *     org.webplatform.appliance.rsync.sender.HashBench [rounds]
 * </pre>
 */
public final class HashBench {
  private static final int SIZE = 100 << 20;
  private static final int BLOCK = 10 << 10;
  private static final int CHUNK = 256 << 10;
  private static final int SEED = -1234567890;
  private static final int WARMUP = 5;

  private static final byte[] DATA = new byte[SIZE];
  /** Results folded together so the JIT cannot drop the hashing. */
  private static long sink;

  private HashBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    new Random(1).nextBytes(DATA);
    Xxh64 xxh64 = new Xxh64();
    Xxh3 xxh3 = new Xxh3();
    Xxh3Secret key = Xxh3Secret.forSeed(SEED);
    Map<String, LongSupplier> cases = new LinkedHashMap<>();
    cases.put("xxh64  blocks 10 KiB", () -> {
      long h = 0;
      for (int off = 0; off < SIZE; off += BLOCK) {
        xxh64.reset(SEED);
        xxh64.update(DATA, off, BLOCK);
        h += xxh64.value();
      }
      return h;
    });
    cases.put("xxh3   blocks 10 KiB", () -> {
      long h = 0;
      for (int off = 0; off < SIZE; off += BLOCK) {
        h += Xxh3.hash64(DATA, off, BLOCK, key);
      }
      return h;
    });
    cases.put("xxh128 blocks 10 KiB", () -> {
      long h = 0;
      for (int off = 0; off < SIZE; off += BLOCK) {
        h += Xxh3.hash128(DATA, off, BLOCK, key).high();
      }
      return h;
    });
    cases.put("xxh64  stream 100 MiB", () -> {
      xxh64.reset(0);
      for (int off = 0; off < SIZE; off += CHUNK) {
        xxh64.update(DATA, off, CHUNK);
      }
      return xxh64.value();
    });
    cases.put("xxh3   stream 100 MiB", () -> {
      xxh3.reset(Xxh3Secret.DEFAULT);
      for (int off = 0; off < SIZE; off += CHUNK) {
        xxh3.update(DATA, off, CHUNK);
      }
      return xxh3.digest64();
    });
    cases.put("xxh128 stream 100 MiB", () -> {
      xxh3.reset(Xxh3Secret.DEFAULT);
      for (int off = 0; off < SIZE; off += CHUNK) {
        xxh3.update(DATA, off, CHUNK);
      }
      return xxh3.digest128().low();
    });
    // What a matched block costs the sender: its block sum, then the whole-file sum over it.
    for (ChecksumType type : new ChecksumType[] {ChecksumType.XXH64, ChecksumType.XXH3,
        ChecksumType.XXH128}) {
      ChecksumType.BlockSum blockSum = type.newBlockSum(SEED, true);
      ChecksumType.FileSum fileSum = type.newFileSum();
      byte[] strong = new byte[ChecksumType.MAX_LENGTH];
      cases.put(String.format("%-6s delta 10 KiB", type.wireName()), () -> {
        long h = 0;
        for (int off = 0; off < SIZE; off += BLOCK) {
          blockSum.sum(DATA, off, BLOCK, strong);
          fileSum.update(DATA, off, BLOCK);
          h += strong[0];
        }
        return h + fileSum.digest()[0];
      });
    }

    Map<String, double[]> gbps = new LinkedHashMap<>();
    cases.keySet().forEach(name -> gbps.put(name, new double[rounds]));
    for (int round = -WARMUP; round < rounds; round++) {
      for (Map.Entry<String, LongSupplier> c : cases.entrySet()) {
        long t0 = System.nanoTime();
        sink += c.getValue().getAsLong();
        long t = System.nanoTime() - t0;
        if (round >= 0) {
          gbps.get(c.getKey())[round] = SIZE / (double) t;
        }
      }
    }
    PrintStream out = System.out;
    out.printf("%-24s %8s %8s %10s%n", "GB/s", "median", "best", "vs xxh64");
    for (Map.Entry<String, double[]> e : gbps.entrySet()) {
      double[] base = gbps.get("xxh64  " + e.getKey().substring(7));
      double[] ratio = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        ratio[i] = e.getValue()[i] / base[i];
      }
      out.printf("%-24s %8.2f %8.2f %10.2f%n", e.getKey(), median(e.getValue()),
          Arrays.stream(e.getValue()).max().orElse(0), median(ratio));
    }
    out.println("(sink " + sink + ")");
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
