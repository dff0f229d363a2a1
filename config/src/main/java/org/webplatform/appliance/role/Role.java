package org.webplatform.appliance.role;

import java.time.Duration;

/**
 * One module of the appliance (dns, rsync-server, smtp-relay, graphs) as the daemon runs it.
 *
 * <p>Contract: the daemon calls {@link #start()} once, from one thread; it returns only when
 * every listener of the role is bound and serving, or throws. {@link #stop(Duration)} is
 * idempotent, may be called after a failed start, lets in-flight work finish within the grace
 * period and then closes. {@link #health()} and {@link #reload()} may be called from any thread
 * at any time after start; {@code health()} must be cheap and never block. A role registers its
 * counters in the registry of its {@link RoleContext} at construction; it never reads global state
 * (system properties, environment) itself.
 */
public interface Role {

  /** The module key, e.g. {@code dns}; used in logs, metrics and {@code /health}. */
  String name();

  /** Binds listeners and starts serving; returns once serving. */
  void start() throws Exception;

  /** Stops accepting new work, waits up to {@code grace} for in-flight work, then closes. */
  void stop(Duration grace);

  /** Current health; cheap and non-blocking. */
  Health health();

  /**
   * Re-reads the role's data files (zones, keys...) and swaps them in atomically. On error the
   * old data keeps serving and the error is logged; the returned health says so.
   */
  default void reload() {}

  /** The addresses the role listens on, after binding (ephemeral ports resolved). */
  java.util.List<java.net.InetSocketAddress> boundAddresses();
}
