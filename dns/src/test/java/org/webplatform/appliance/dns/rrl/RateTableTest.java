package org.webplatform.appliance.dns.rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.webplatform.appliance.dns.rrl.RateTable.Verdict.LIMITED;
import static org.webplatform.appliance.dns.rrl.RateTable.Verdict.LIMITED_STARTED;
import static org.webplatform.appliance.dns.rrl.RateTable.Verdict.PASS;
import static org.webplatform.appliance.dns.rrl.RateTable.Verdict.PASS_RELEASED;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.dns.rrl.RateTable.Verdict;

/** The GCRA buckets on a clock the test sets (nanoseconds; any origin, even negative). */
class RateTableTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long KEY = 0x1234_5678_9ABC_DEF0L;

  private static List<Verdict> admit(RateTable table, long key, long now, int times) {
    List<Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      verdicts.add(table.admit(key, now));
    }
    return verdicts;
  }

  private static long passes(List<Verdict> verdicts) {
    return verdicts.stream().filter(v -> v == PASS || v == PASS_RELEASED).count();
  }

  @Test
  void aFreshKeyGetsOneSecondsWorthAtOnceThenIsLimited() {
    RateTable table = new RateTable(1024, 5);

    assertEquals(
        List.of(PASS, PASS, PASS, PASS, PASS, LIMITED_STARTED, LIMITED, LIMITED),
        admit(table, KEY, 7 * SECOND, 8));
  }

  @Test
  void tokensComeBackAtTheRate() {
    RateTable table = new RateTable(1024, 5);
    long start = -3 * SECOND;
    admit(table, KEY, start, 20);

    // One interval (200 ms) buys one response, a full second the whole burst.
    assertEquals(PASS, table.admit(KEY, start + SECOND / 5));
    assertEquals(LIMITED, table.admit(KEY, start + SECOND / 5));
    assertEquals(5, passes(admit(table, KEY, start + SECOND / 5 + SECOND, 10)));
    // A flood of 100 per second for 10 s from a rested key gets the burst, then one per 200 ms
    // (at 0.2 s, 0.4 s ... 9.8 s).
    long passed = 0;
    long t = start + 10 * SECOND;
    for (int i = 0; i < 1000; i++) {
      passed += passes(List.of(table.admit(KEY, t + i * (SECOND / 100))));
    }
    assertEquals(5 + 49, passed);
  }

  @Test
  void anEpisodeStartsOnceAndEndsOnceTheBucketHasRested() {
    RateTable table = new RateTable(1024, 10);
    long t = 0;
    List<Verdict> verdicts = new ArrayList<>(admit(table, KEY, t, 12));
    // Hovering at the limit: a token per interval passes, but the episode goes on.
    for (int i = 1; i <= 30; i++) {
      verdicts.addAll(admit(table, KEY, t + i * (SECOND / 10), 2));
    }
    assertEquals(1, verdicts.stream().filter(v -> v == LIMITED_STARTED).count());
    assertEquals(0, verdicts.stream().filter(v -> v == PASS_RELEASED).count());

    // Quiet for a while: the next response ends the episode, the one after is plain.
    long later = t + 4 * SECOND;
    assertEquals(PASS_RELEASED, table.admit(KEY, later));
    assertEquals(PASS, table.admit(KEY, later));
  }

  @Test
  void keysDoNotShareWhatTheyDoNotCollideOn() {
    RateTable table = new RateTable(1024, 2);
    admit(table, KEY, 0, 10);

    assertEquals(List.of(PASS, PASS, LIMITED_STARTED), admit(table, KEY + 1, 0, 3));
    assertEquals(LIMITED, table.admit(KEY, 0));
  }

  @Test
  void aKeyLandingInAnotherKeysBucketRestartsIt() {
    RateTable table = new RateTable(1024, 2);
    long other = KEY ^ (1L << 60); // same bucket (low bits), other fingerprint
    admit(table, KEY, 0, 10);

    assertEquals(List.of(PASS, PASS, LIMITED_STARTED), admit(table, other, 0, 3));
  }

  @Test
  void theTableIsFixedAtAPowerOfTwoWhateverArrives() {
    RateTable table = new RateTable(1000, 3);
    assertEquals(1024, table.size());
    assertEquals(1 << 20, new RateTable(1_000_000, 200).size());

    long passed = 0;
    for (long key = 0; key < 200_000; key++) {
      passed += passes(List.of(table.admit(key * 0x9E37_79B9_7F4A_7C15L, SECOND)));
    }
    assertEquals(1024, table.size());
    // Every new key starts with a full bucket; sharing only ever restarts buckets.
    assertEquals(200_000, passed);
  }

  @Test
  void aClockJumpOrARingWrapNeverLocksAKeyOut() {
    RateTable table = new RateTable(1024, 1);
    admit(table, KEY, 0, 3);

    // Back in time by an hour: the bucket's instant is out of reach, it restarts (and the
    // episode it was in ends).
    assertEquals(PASS_RELEASED, table.admit(KEY, -3600 * SECOND));
    assertEquals(LIMITED_STARTED, table.admit(KEY, -3600 * SECOND));
    // Idle for exactly the ring's length (2^48 ns, 78 hours): the old instant reads as recent,
    // which costs at most one interval, never a lockout.
    long wrapped = -3600 * SECOND + (1L << 48);
    assertEquals(LIMITED, table.admit(KEY, wrapped + SECOND / 2));
    assertEquals(PASS_RELEASED, table.admit(KEY, wrapped + SECOND));
  }
}
