package org.webplatform.appliance.dns.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import org.webplatform.appliance.config.DnsPool;
import org.webplatform.appliance.config.DnsPools;
import org.webplatform.appliance.dns.zone.DynamicAnswer;

/**
 * The health-checked pools of the DNS role: members, monitors, admin overrides, and the answer
 * each pool makes now ({@link #answer(String)}), which the role turns into the A/AAAA records of
 * DYNA names. A listener hears the name of every pool whose answer changed.
 *
 * <p>Start: the override file is applied, then every monitored member is checked once, in
 * parallel, and starts in the state that first check found (gdnsd assumes UP until its checks
 * have run; checking first means a dead member is not served for the first {@code down_threshold}
 * intervals after a restart); {@code start()} waits for these checks, at most the longest
 * timeout. From then on each member is checked every {@code interval}, and the anti-flap
 * thresholds apply. A member without monitor ({@code type: none}) is up unless overridden.
 *
 * <p>Overrides (gdnsd's admin_state) win over monitors. They come from the override file, which
 * is polled every second and re-read on {@link #reloadAdminState()} (SIGHUP), and from {@link
 * #set} ({@code appliance dns pool set}), which rewrites the file before applying the change, so
 * an override survives a restart. A file with errors is rejected whole and the previous
 * overrides stay.
 *
 * <p>Threads: one {@code dns-pool-monitor} scheduler thread (timers, override file poll) that
 * never blocks, and up to {@value #MAX_CHECK_THREADS} {@code dns-pool-check-N} threads running
 * the blocking checks, one per monitored member at most, so slow or hanging members (each bounded
 * by its timeout) never delay the checks of the others. A member whose previous check is still
 * running skips a turn.
 */
public final class Pools implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Pools.class);

  static final int MAX_CHECK_THREADS = 32;
  static final Duration ADMIN_STATE_POLL = Duration.ofSeconds(1);

  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
  private final Path adminStateFile;
  private final Clock clock;
  private final Consumer<String> onAnswerChange;
  private final Object adminLock = new Object();
  private volatile List<String> adminStateErrors = List.of();
  private Object adminStamp;
  private ScheduledExecutorService scheduler;
  private ThreadPoolExecutor checkers;
  /** Set once start() has computed the first answers: later results recompute themselves. */
  private volatile boolean started;

  /**
   * @param onAnswerChange told the pool name after its answer changed; runs on a check thread, a
   *     scheduler thread or an admin request's thread
   */
  public Pools(DnsPools config, Clock clock, Consumer<String> onAnswerChange) {
    for (DnsPool pool : config.pools().values()) {
      pools.put(pool.name(), new Pool(pool));
      HealthCheck check = HealthChecks.of(pool.monitor());
      if (check != null) {
        checks.put(pool.name(), check);
      }
    }
    this.adminStateFile = config.adminState();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onAnswerChange = Objects.requireNonNull(onAnswerChange, "onAnswerChange");
  }

  /**
   * The errors of the override file as {@code appliance check} reports them ({@code file:line:
   * message}); empty when it is fine or absent.
   */
  public static List<String> checkOverrideFile(DnsPools config) {
    if (config.pools().isEmpty()) {
      return List.of();
    }
    Pools pools = new Pools(config, Clock.systemUTC(), pool -> {});
    try {
      String text = pools.readAdminState();
      return text == null
          ? List.of()
          : AdminStateFile.parse(config.adminState(), text, pools.pools).errors();
    } catch (IOException e) {
      return List.of(config.adminState() + ": cannot read: " + e.getMessage());
    }
  }

  public boolean isEmpty() {
    return pools.isEmpty();
  }

  /** The pool names, in config order. */
  public Set<String> names() {
    return pools.keySet();
  }

  /** What the names of {@code pool} answer now, or null for an unknown pool. */
  public DynamicAnswer answer(String pool) {
    Pool p = pools.get(pool);
    return p == null ? null : p.answer();
  }

  /** Errors of the override file's latest read; empty when it was applied. */
  public List<String> adminStateErrors() {
    return adminStateErrors;
  }

  /** Names of the pools in which some family has no member up (answering with all). */
  public List<String> allDown() {
    List<String> names = new ArrayList<>();
    for (Pool pool : pools.values()) {
      if (pool.allDown()) {
        names.add(pool.name());
      }
    }
    return names;
  }

  Collection<Pool> pools() {
    return pools.values();
  }

  /** Applies the override file, checks every monitored member once, then starts the timers. */
  public synchronized void start() throws InterruptedException {
    if (pools.isEmpty() || scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("dns-pool-monitor"));
    int monitored = 0;
    for (String name : checks.keySet()) {
      monitored += pools.get(name).members().size();
    }
    int threads = Math.min(monitored, MAX_CHECK_THREADS);
    checkers =
        new ThreadPoolExecutor(
            Math.max(1, threads),
            Math.max(1, threads),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("dns-pool-check"));
    checkers.allowCoreThreadTimeOut(true);
    loadAdminState();
    initialChecks(monitored);
    for (Pool pool : pools.values()) {
      if (pool.recompute()) {
        onAnswerChange.accept(pool.name());
      } else {
        pool.logAnswer();
      }
      schedule(pool);
    }
    started = true;
    long poll = ADMIN_STATE_POLL.toMillis();
    scheduler.scheduleWithFixedDelay(this::pollAdminState, poll, poll, TimeUnit.MILLISECONDS);
    log.info(
        "pools started pools={} members={} monitored={} check_threads={} admin_state={}",
        pools.size(),
        pools.values().stream().mapToInt(p -> p.members().size()).sum(),
        monitored,
        threads,
        adminStateFile);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      checkers.shutdownNow();
      try {
        checkers.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Re-reads the override file now (SIGHUP). */
  public void reloadAdminState() {
    if (!pools.isEmpty()) {
      loadAdminState();
    }
  }

  /**
   * Forces a member up or down, or back to its monitor ({@link AdminOverride#NONE}): the override
   * file is rewritten first (so the state survives a restart), then applied.
   *
   * @throws IllegalArgumentException unknown pool or address
   * @throws IllegalStateException the override file has errors that must be fixed first
   * @throws IOException the override file cannot be written
   */
  public PoolStatus set(String pool, String address, AdminOverride state) throws IOException {
    Pool p = pools.get(pool);
    if (p == null) {
      throw new IllegalArgumentException("no pool '" + pool + "' (pools: "
          + String.join(", ", pools.keySet()) + ")");
    }
    PoolMember member = p.member(AddressLiteral.parse(address));
    if (member == null) {
      throw new IllegalArgumentException(address + " is not an address of pool " + pool);
    }
    synchronized (adminLock) {
      if (!adminStateErrors.isEmpty()) {
        throw new IllegalStateException(
            "the override file has errors; fix them first: " + adminStateErrors.get(0));
      }
      String text = readAdminState();
      MemberKey key = new MemberKey(pool, member.address());
      String edited = AdminStateFile.edit(text == null ? "" : text, key, state, pools);
      write(edited);
      adminStamp = stamp();
      apply(AdminStateFile.parse(adminStateFile, edited, pools).overrides(), "admin");
    }
    return status(pool);
  }

  /** A snapshot of every pool for listings. */
  public List<PoolStatus> status() {
    List<PoolStatus> all = new ArrayList<>();
    for (String name : pools.keySet()) {
      all.add(status(name));
    }
    return all;
  }

  private PoolStatus status(String name) {
    return PoolStatus.of(pools.get(name));
  }

  private void initialChecks(int monitored) throws InterruptedException {
    if (monitored == 0) {
      return;
    }
    CountDownLatch done = new CountDownLatch(monitored);
    Duration longest = Duration.ZERO;
    for (Map.Entry<String, HealthCheck> entry : checks.entrySet()) {
      Pool pool = pools.get(entry.getKey());
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
      log.warn("initial pool checks not all done in time; the rest start up");
    }
  }

  private void schedule(Pool pool) {
    HealthCheck check = checks.get(pool.name());
    if (check == null) {
      return;
    }
    long interval = pool.config().monitor().interval().toMillis();
    List<PoolMember> members = pool.members();
    for (int i = 0; i < members.size(); i++) {
      PoolMember member = members.get(i);
      // Spread the members over the interval rather than checking them all at once.
      long delay = interval + interval * i / members.size();
      scheduler.scheduleAtFixedRate(
          () -> submitCheck(pool, member, check), delay, interval, TimeUnit.MILLISECONDS);
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
          state(member.monitorUp()),
          result.reason());
      // A first check that outlived start()'s wait applies now; during start() it waits for the
      // answers start() computes once all first checks are in.
      if (started && change == PoolMember.Change.EFFECTIVE && pool.recompute()) {
        onAnswerChange.accept(pool.name());
      }
      return;
    }
    if (change == PoolMember.Change.NOTHING) {
      return;
    }
    int threshold =
        result.ok()
            ? pool.config().monitor().upThreshold()
            : pool.config().monitor().downThreshold();
    String message =
        "pool member state pool={} address={} state={} source=monitor reason=\"{}\" {}={}{}";
    Object[] fields = {
      pool.name(),
      member.label(),
      state(member.monitorUp()),
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
    if (change == PoolMember.Change.EFFECTIVE && pool.recompute()) {
      onAnswerChange.accept(pool.name());
    }
  }

  private void pollAdminState() {
    try {
      synchronized (adminLock) {
        if (Objects.equals(stamp(), adminStamp)) {
          return;
        }
      }
      loadAdminState();
    } catch (RuntimeException e) {
      // The scheduler must outlive a bad read; the next poll retries.
      log.error("override file poll failed file={} error=\"{}\"", adminStateFile, e.toString());
    }
  }

  private void loadAdminState() {
    synchronized (adminLock) {
      adminStamp = stamp();
      String text;
      try {
        text = readAdminState();
      } catch (IOException e) {
        adminStateErrors = List.of(adminStateFile + ": cannot read: " + e.getMessage());
        log.error("override file unreadable, previous overrides kept file={} error=\"{}\"",
            adminStateFile, e.toString());
        return;
      }
      AdminStateFile.Parsed parsed =
          AdminStateFile.parse(adminStateFile, text == null ? "" : text, pools);
      if (!parsed.errors().isEmpty()) {
        adminStateErrors = parsed.errors();
        for (String error : parsed.errors()) {
          log.error("override file rejected, previous overrides kept: {}", error);
        }
        return;
      }
      adminStateErrors = List.of();
      apply(parsed.overrides(), "file");
    }
  }

  /** Makes the members' overrides equal {@code wanted}; recomputes the pools that changed. */
  private void apply(Map<MemberKey, AdminOverride> wanted, String source) {
    Set<Pool> changed = new LinkedHashSet<>();
    for (Pool pool : pools.values()) {
      for (PoolMember member : pool.members()) {
        AdminOverride override =
            wanted.getOrDefault(new MemberKey(pool.name(), member.address()), AdminOverride.NONE);
        if (member.override() == override) {
          continue;
        }
        boolean effective = member.override(override);
        log.info(
            "pool member state pool={} address={} state={} source={} override={}",
            pool.name(),
            member.label(),
            state(member.up()),
            source,
            override.name().toLowerCase(Locale.ROOT));
        if (effective) {
          changed.add(pool);
        }
      }
    }
    for (Pool pool : changed) {
      if (pool.recompute()) {
        onAnswerChange.accept(pool.name());
      }
    }
  }

  /** The file's text, or null when it does not exist. */
  private String readAdminState() throws IOException {
    try {
      return Files.readString(adminStateFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Written beside and renamed, so the poll never reads half a file. */
  private void write(String text) throws IOException {
    Path dir = adminStateFile.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".admin_state-", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, adminStateFile, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Size, mtime and file key of the override file, or null when it does not exist. */
  private Object stamp() {
    try {
      BasicFileAttributes attrs = Files.readAttributes(adminStateFile, BasicFileAttributes.class);
      return List.of(
          attrs.size(),
          attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS),
          String.valueOf(attrs.fileKey()));
    } catch (IOException e) {
      return null;
    }
  }

  static String state(boolean up) {
    return up ? "up" : "down";
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
