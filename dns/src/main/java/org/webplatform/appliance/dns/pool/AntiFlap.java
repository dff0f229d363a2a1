package org.webplatform.appliance.dns.pool;

/**
 * gdnsd's anti-flap state machine for one member: {@code downThreshold} failed checks in a row
 * take an up member down, {@code upThreshold} good checks in a row bring a down member up; a
 * single result the other way resets the run. Not thread-safe: the member serialises calls.
 */
final class AntiFlap {
  private final int upThreshold;
  private final int downThreshold;
  private boolean up;
  private int run;

  AntiFlap(int upThreshold, int downThreshold, boolean initiallyUp) {
    if (upThreshold < 1 || downThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be at least 1");
    }
    this.upThreshold = upThreshold;
    this.downThreshold = downThreshold;
    this.up = initiallyUp;
  }

  /** Records one check result; returns true when it changed the state. */
  boolean record(boolean ok) {
    if (ok == up) {
      run = 0;
      return false;
    }
    run++;
    if (run < (up ? downThreshold : upThreshold)) {
      return false;
    }
    up = ok;
    run = 0;
    return true;
  }

  /** Sets the state without a threshold (the first check after start). */
  void force(boolean state) {
    up = state;
    run = 0;
  }

  boolean up() {
    return up;
  }

  /** Results in a row against the current state (failures while up, successes while down). */
  int run() {
    return run;
  }
}
