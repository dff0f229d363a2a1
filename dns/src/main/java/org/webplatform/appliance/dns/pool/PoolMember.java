package org.webplatform.appliance.dns.pool;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.webplatform.appliance.config.HostPort;

/**
 * One address of a pool with its health: the monitor's verdict (anti-flap filtered), the admin
 * override, and counters for metrics. The effective state — what answers use — is the override
 * when there is one, else the monitor's verdict.
 *
 * <p>Thread-safe: check results arrive on check threads, overrides on admin threads, readers are
 * the answer builder, metrics and listings; state changes are serialised on this object.
 */
final class PoolMember {
  private final InetAddress address;
  private final String label;
  private final int weight;
  private final AntiFlap flap;
  private final AtomicBoolean checking = new AtomicBoolean();
  private final LongAdder checksOk = new LongAdder();
  private final LongAdder checksFailed = new LongAdder();
  private final LongAdder wentUp = new LongAdder();
  private final LongAdder wentDown = new LongAdder();
  private AdminOverride override = AdminOverride.NONE;
  private String lastReason;
  private long lastCheckMillis;

  /** @param initialReason shown until the first check: no monitor, or not checked yet */
  PoolMember(
      InetAddress address, int weight, int upThreshold, int downThreshold, String initialReason) {
    this.lastReason = initialReason;
    this.address = address;
    this.label = HostPort.address(address);
    this.weight = weight;
    this.flap = new AntiFlap(upThreshold, downThreshold, true);
  }

  InetAddress address() {
    return address;
  }

  /** The address as logs, metrics and override keys write it (RFC 5952 for IPv6). */
  String label() {
    return label;
  }

  int weight() {
    return weight;
  }

  synchronized boolean up() {
    return override == AdminOverride.NONE ? flap.up() : override == AdminOverride.UP;
  }

  synchronized boolean monitorUp() {
    return flap.up();
  }

  synchronized AdminOverride override() {
    return override;
  }

  synchronized String lastReason() {
    return lastReason;
  }

  /** Wall-clock time of the latest check result, 0 before the first. */
  synchronized long lastCheckMillis() {
    return lastCheckMillis;
  }

  /** Results in a row against the monitor's current verdict. */
  synchronized int run() {
    return flap.run();
  }

  /** Claims the member for one check; false while the previous one still runs. */
  boolean beginCheck() {
    return checking.compareAndSet(false, true);
  }

  /** What a check result changed. */
  enum Change {
    NOTHING,
    /** The monitor's verdict flipped, but an override hides it. */
    MONITOR_ONLY,
    /** The verdict flipped and with it the effective state. */
    EFFECTIVE
  }

  /**
   * Records a check result.
   *
   * @param initial the first check after start: sets the verdict without thresholds
   */
  synchronized Change record(CheckResult result, boolean initial, long nowMillis) {
    checking.set(false);
    (result.ok() ? checksOk : checksFailed).increment();
    lastReason = result.reason();
    lastCheckMillis = nowMillis;
    boolean before = up();
    boolean verdictBefore = flap.up();
    if (initial) {
      flap.force(result.ok());
    } else {
      flap.record(result.ok());
    }
    if (countIfChanged(before)) {
      return Change.EFFECTIVE;
    }
    return flap.up() != verdictBefore ? Change.MONITOR_ONLY : Change.NOTHING;
  }

  /** Gives up a claimed check that could not run (executor shut down). */
  void abandonCheck() {
    checking.set(false);
  }

  /** Sets the admin override; true when the effective state changed. */
  synchronized boolean override(AdminOverride value) {
    boolean before = up();
    override = value;
    return countIfChanged(before);
  }

  private boolean countIfChanged(boolean before) {
    boolean after = up();
    if (after != before) {
      (after ? wentUp : wentDown).increment();
    }
    return after != before;
  }

  long checks(boolean ok) {
    return ok ? checksOk.sum() : checksFailed.sum();
  }

  long transitions(boolean toUp) {
    return toUp ? wentUp.sum() : wentDown.sum();
  }
}
