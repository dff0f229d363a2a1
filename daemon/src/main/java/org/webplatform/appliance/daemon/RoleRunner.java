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
 * Starts the enabled roles in order and stops them in reverse. If one fails to start, the ones
 * already started are stopped and the failure is passed on: the daemon exits non-zero and
 * systemd decides about restarts.
 */
final class RoleRunner {
  private static final Logger log = LoggerFactory.getLogger(RoleRunner.class);

  private final List<Role> roles;
  private final List<Role> started = new ArrayList<>();

  RoleRunner(List<Role> roles) {
    this.roles = List.copyOf(roles);
  }

  synchronized void startAll(Duration grace) throws Exception {
    for (Role role : roles) {
      try {
        role.start();
        started.add(role);
      } catch (Exception e) {
        log.error("role start failed role={} error=\"{}\"", role.name(), e.toString());
        stopAll(grace);
        throw e;
      }
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
