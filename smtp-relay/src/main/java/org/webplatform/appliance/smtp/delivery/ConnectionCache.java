package org.webplatform.appliance.smtp.delivery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Idle outbound connections for reuse (Postfix's connection cache: a busy destination gets its
 * next message over an open session instead of a new TCP + EHLO + TLS handshake), and the
 * per-destination concurrency limit. Connections idle longer than {@code maxIdle} are closed
 * (Postfix smtp_connection_cache_time_limit, 2 s). Thread-safe.
 */
public final class ConnectionCache {
  private final Duration maxIdle;
  private final int perDestination;
  private final Map<InetSocketAddress, Deque<SmtpConnection>> idle = new HashMap<>();
  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

  public ConnectionCache(Duration maxIdle, int perDestination) {
    this.maxIdle = maxIdle;
    this.perDestination = perDestination;
  }

  /** Waits up to {@code wait} for a delivery slot to {@code destination}; false on timeout. */
  public boolean acquire(String destination, Duration wait) throws InterruptedException {
    return slots
        .computeIfAbsent(destination, d -> new Semaphore(perDestination, true))
        .tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void release(String destination) {
    slots.get(destination).release();
  }

  /** An idle live connection to {@code address}, or null. */
  public SmtpConnection take(InetSocketAddress address) {
    while (true) {
      SmtpConnection c;
      synchronized (this) {
        Deque<SmtpConnection> q = idle.get(address);
        c = q == null ? null : q.pollLast();
      }
      if (c == null) {
        return null;
      }
      if (c.idleNanos() > maxIdle.toNanos()) {
        c.close();
        continue;
      }
      return c;
    }
  }

  public void put(SmtpConnection c) {
    synchronized (this) {
      idle.computeIfAbsent(c.address(), a -> new ArrayDeque<>()).addLast(c);
    }
  }

  /** Closes connections idle for too long; the scheduler calls it periodically. */
  public void expire() {
    List<SmtpConnection> stale = new ArrayList<>();
    synchronized (this) {
      for (Deque<SmtpConnection> q : idle.values()) {
        q.removeIf(c -> {
          if (c.idleNanos() > maxIdle.toNanos()) {
            stale.add(c);
            return true;
          }
          return false;
        });
      }
    }
    stale.forEach(SmtpConnection::close);
  }

  public void closeAll() {
    List<SmtpConnection> all = new ArrayList<>();
    synchronized (this) {
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(SmtpConnection::close);
  }
}
