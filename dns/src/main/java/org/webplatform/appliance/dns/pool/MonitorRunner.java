package org.webplatform.appliance.dns.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health checks of every monitored pool member: once at start for all at the same time
 * ({@link #checkAllOnce()}), then every {@code interval} per member, members of a pool spread over
 * the interval. Logs each change of a monitor's verdict and reports changes of a member's
 * effective state to a listener.
 *
 * <p>Threads: one {@code dns-pool-monitor} scheduler thread that only submits work and never
 * blocks, and up to {@value #MAX_CHECK_THREADS} {@code dns-pool-check-N} threads running the
 * blocking checks, one per monitored member at most, so slow or hanging members (each bounded by
 * its timeout) never delay the checks of the others. A member whose previous check still runs
 * skips a turn.
 */
final class MonitorRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MonitorRunner.class);

  static final int MAX_CHECK_THREADS = 32;

  private final Map<Pool, HealthCheck> checks = new LinkedHashMap<>();
  private final Clock clock;
  private final Consumer<Pool> effectiveChange;
  private final int monitored;
  private final int threads;
  private final ScheduledExecutorService scheduler;
  private final ThreadPoolExecutor checkers;
  /** Set once the timers run: from then on first checks that came late apply themselves. */
  private volatile boolean started;

  /** @param effectiveChange told the pool of a member whose effective state a check changed */
  MonitorRunner(Collection<Pool> pools, Clock clock, Consumer<Pool> effectiveChange) {
    int members = 0;
    for (Pool pool : pools) {
      HealthCheck check = HealthChecks.of(pool.config().monitor());
      if (check != null) {
        checks.put(pool, check);
        members += pool.members().size();
      }
    }
    this.clock = clock;
    this.effectiveChange = effectiveChange;
    this.monitored = members;
    this.threads = Math.min(members, MAX_CHECK_THREADS);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("dns-pool-monitor"));
    this.checkers =
        new ThreadPoolExecutor(
            Math.max(1, threads),
            Math.max(1, threads),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("dns-pool-check"));
    checkers.allowCoreThreadTimeOut(true);
  }

  /** Members with a monitor. */
  int monitored() {
    return monitored;
  }

  int threads() {
    return threads;
  }

  /**
   * Checks every monitored member once, in parallel, and sets its verdict from that check alone
   * (no thresholds); waits for them at most the longest timeout plus a second.
   */
  void checkAllOnce() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(monitored);
    Duration longest = Duration.ZERO;
    for (Map.Entry<Pool, HealthCheck> entry : checks.entrySet()) {
      Pool pool = entry.getKey();
      Duration timeout = pool.config().monitor().timeout();
      longest = timeout.compareTo(longest) > 0 ? timeout : longest;
      for (PoolMember member : pool.members()) {
        member.beginCheck();
        checkers.execute(
            () -> {
              try {
                runCheck(pool, member, entry.getValue(), true);
              } finally {
                done.countDown();
              }
            });
      }
    }
    // Every check ends within its timeout; the margin covers thread start-up.
    if (!done.await(longest.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
      log.warn("first pool checks not all done in time; the others start up");
    }
  }

  /** Starts the periodic checks. */
  void startTimers() {
    started = true;
    for (Map.Entry<Pool, HealthCheck> entry : checks.entrySet()) {
      Pool pool = entry.getKey();
      long interval = pool.config().monitor().interval().toMillis();
      List<PoolMember> members = pool.members();
      for (int i = 0; i < members.size(); i++) {
        PoolMember member = members.get(i);
        // Spread the members over the interval rather than checking them all at once.
        long delay = interval + interval * i / members.size();
        scheduler.scheduleAtFixedRate(
            () -> submitCheck(pool, member, entry.getValue()),
            delay,
            interval,
            TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Runs {@code task} on the scheduler thread every {@code period}; it must not block. */
  void every(Duration period, Runnable task) {
    long millis = period.toMillis();
    scheduler.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    checkers.shutdownNow();
    try {
      checkers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void submitCheck(Pool pool, PoolMember member, HealthCheck check) {
    if (!member.beginCheck()) {
      return;
    }
    try {
      checkers.execute(() -> runCheck(pool, member, check, false));
    } catch (RejectedExecutionException e) {
      member.abandonCheck();
    }
  }

  private void runCheck(Pool pool, PoolMember member, HealthCheck check, boolean initial) {
    CheckResult result;
    try {
      result = check.check(member.address());
    } catch (RuntimeException e) {
      result = CheckResult.failure("check failed: " + e);
    }
    PoolMember.Change change = member.record(result, initial, clock.millis());
    if (initial) {
      log.info(
          "pool member state pool={} address={} state={} source=initial reason=\"{}\"",
          pool.name(),
          member.label(),
          Pools.state(member.monitorUp()),
          result.reason());
      // A first check that outlived checkAllOnce() applies now; before the timers start, the
      // owner computes the answers once all first checks are in.
      if (started && change == PoolMember.Change.EFFECTIVE) {
        effectiveChange.accept(pool);
      }
      return;
    }
    if (change == PoolMember.Change.NOTHING) {
      return;
    }
    logVerdict(pool, member, result, change);
    if (change == PoolMember.Change.EFFECTIVE) {
      effectiveChange.accept(pool);
    }
  }

  /** A monitor flip: the threshold it took, and the override if one hides it. */
  private static void logVerdict(
      Pool pool, PoolMember member, CheckResult result, PoolMember.Change change) {
    int threshold =
        result.ok()
            ? pool.config().monitor().upThreshold()
            : pool.config().monitor().downThreshold();
    String message =
        "pool member state pool={} address={} state={} source=monitor reason=\"{}\" {}={}{}";
    Object[] fields = {
      pool.name(),
      member.label(),
      Pools.state(member.monitorUp()),
      result.reason(),
      result.ok() ? "checks_ok" : "checks_failed",
      threshold,
      change == PoolMember.Change.MONITOR_ONLY
          ? " override=" + member.override().name().toLowerCase(Locale.ROOT)
          : ""
    };
    if (result.ok()) {
      log.info(message, fields);
    } else {
      log.warn(message, fields);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
