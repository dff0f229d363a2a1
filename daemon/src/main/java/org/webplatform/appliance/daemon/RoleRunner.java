package org.webplatform.appliance.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.role.Health;
import org.webplatform.appliance.role.Role;

/**
 * Starts the enabled roles and stops them in reverse config order. The roles share nothing at
 * start (each binds its own listeners and reads its own files), so they start in parallel, one
 * thread each: start-to-ready is the slowest role's start, not the sum (class loading and the
 * JIT keep a second core busy while one role waits). If one fails to start, the ones that did
 * start are stopped and the first failure, in config order, is passed on: the daemon exits
 * non-zero and systemd decides about restarts.
 */
final class RoleRunner {
  private static final Logger log = LoggerFactory.getLogger(RoleRunner.class);

  private final List<Role> roles;
  private final List<Role> started = new ArrayList<>();

  RoleRunner(List<Role> roles) {
    this.roles = List.copyOf(roles);
  }

  synchronized void startAll(Duration grace) throws Exception {
    List<RoleStart> starts = new ArrayList<>();
    for (Role role : roles) {
      starts.add(RoleStart.begin(role));
    }
    Exception failure = null;
    for (RoleStart start : starts) {
      Exception e = start.await();
      if (e == null) {
        started.add(start.role());
      } else {
        log.error("role start failed role={} error=\"{}\"", start.role().name(), e.toString());
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      stopAll(grace);
      throw failure;
    }
  }

  /** One role's start on its own thread. */
  private static final class RoleStart {
    private final Role role;
    private final Thread thread;
    private volatile Exception failure;

    private RoleStart(Role role) {
      this.role = role;
      this.thread = new Thread(this::run, "start-" + role.name());
    }

    static RoleStart begin(Role role) {
      RoleStart start = new RoleStart(role);
      start.thread.start();
      return start;
    }

    private void run() {
      try {
        role.start();
      } catch (Exception e) {
        failure = e;
      } catch (Error e) {
        failure = new IllegalStateException("role " + role.name() + " failed to start: " + e, e);
      }
    }

    Role role() {
      return role;
    }

    /** Waits for the start to end; its failure, or null. */
    Exception await() throws InterruptedException {
      thread.join();
      return failure;
    }
  }

  synchronized void stopAll(Duration grace) {
    for (int i = started.size() - 1; i >= 0; i--) {
      Role role = started.get(i);
      try {
        role.stop(grace);
      } catch (RuntimeException e) {
        log.error("role stop failed role={} error=\"{}\"", role.name(), e.toString());
      }
    }
    started.clear();
  }

  void reloadAll() {
    for (Role role : roles) {
      try {
        role.reload();
      } catch (RuntimeException e) {
        log.error("role reload failed role={} error=\"{}\"", role.name(), e.toString());
      }
    }
  }

  List<Role> roles() {
    return roles;
  }

  /** Health of every role, in start order. */
  Map<String, Health> health() {
    Map<String, Health> health = new LinkedHashMap<>();
    for (Role role : roles) {
      health.put(role.name(), role.health());
    }
    return health;
  }
}
