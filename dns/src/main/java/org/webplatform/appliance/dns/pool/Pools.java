package org.webplatform.appliance.dns.pool;

import java.io.IOException;
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
 * <p>Threads: checks run on the {@link MonitorRunner}'s threads; the override file is polled on
 * its scheduler thread. Override changes (file, {@link #set}) are serialised here; every pool
 * recomputes its answer under its own lock.
 */
public final class Pools implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Pools.class);

  static final Duration ADMIN_STATE_POLL = Duration.ofSeconds(1);

  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final OverrideFile overrideFile;
  private final Clock clock;
  private final Consumer<String> onAnswerChange;
  private final Object adminLock = new Object();
  private volatile List<String> adminStateErrors = List.of();
  private MonitorRunner monitors;

  /**
   * @param onAnswerChange told the pool name after its answer changed; runs on a check thread, a
   *     scheduler thread or an admin request's thread
   */
  public Pools(DnsPools config, Clock clock, Consumer<String> onAnswerChange) {
    for (DnsPool pool : config.pools().values()) {
      pools.put(pool.name(), new Pool(pool));
    }
    this.overrideFile = new OverrideFile(config.adminState());
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
      String text = pools.overrideFile.read();
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
    if (pools.isEmpty() || monitors != null) {
      return;
    }
    monitors = new MonitorRunner(pools.values(), clock, this::memberChanged);
    loadAdminState();
    monitors.checkAllOnce();
    for (Pool pool : pools.values()) {
      if (pool.recompute()) {
        onAnswerChange.accept(pool.name());
      } else {
        pool.logAnswer();
      }
    }
    monitors.startTimers();
    monitors.every(ADMIN_STATE_POLL, this::pollAdminState);
    log.info(
        "pools started pools={} members={} monitored={} check_threads={} admin_state={}",
        pools.size(),
        pools.values().stream().mapToInt(p -> p.members().size()).sum(),
        monitors.monitored(),
        monitors.threads(),
        overrideFile.path());
  }

  @Override
  public synchronized void close() {
    if (monitors != null) {
      monitors.close();
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
      String text = overrideFile.read();
      MemberKey key = new MemberKey(pool, member.address());
      String edited = AdminStateFile.edit(text == null ? "" : text, key, state, pools);
      overrideFile.write(edited);
      apply(AdminStateFile.parse(overrideFile.path(), edited, pools).overrides(), "admin");
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

  private void pollAdminState() {
    try {
      synchronized (adminLock) {
        if (!overrideFile.changed()) {
          return;
        }
      }
      loadAdminState();
    } catch (RuntimeException e) {
      // The scheduler must outlive a bad read; the next poll retries.
      log.error(
          "override file poll failed file={} error=\"{}\"", overrideFile.path(), e.toString());
    }
  }

  private void loadAdminState() {
    synchronized (adminLock) {
      String text;
      try {
        text = overrideFile.read();
      } catch (IOException e) {
        adminStateErrors = List.of(overrideFile.path() + ": cannot read: " + e.getMessage());
        log.error("override file unreadable, previous overrides kept file={} error=\"{}\"",
            overrideFile.path(), e.toString());
        return;
      }
      AdminStateFile.Parsed parsed =
          AdminStateFile.parse(overrideFile.path(), text == null ? "" : text, pools);
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

  /** A member's effective state changed on a check: the pool's answer may have. */
  private void memberChanged(Pool pool) {
    if (pool.recompute()) {
      onAnswerChange.accept(pool.name());
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

  static String state(boolean up) {
    return up ? "up" : "down";
  }
}
