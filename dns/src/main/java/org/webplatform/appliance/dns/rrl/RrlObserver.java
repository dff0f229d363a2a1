package org.webplatform.appliance.dns.rrl;

/**
 * Told about every response the rate limiter stops. Called on I/O threads: implementations must
 * be fast, lock-free and must not throw.
 */
public interface RrlObserver {

  RrlObserver NONE = slipped -> {};

  /**
   * A response was over the limit.
   *
   * @param slipped true when a truncated answer went out instead, false when nothing did
   */
  void limited(boolean slipped);
}
