package org.webplatform.appliance.dns.pool;

import java.util.Locale;

/** A state forced by the admin (gdnsd's admin_state), or none: the monitor decides. */
public enum AdminOverride {
  NONE,
  UP,
  DOWN;

  /** {@code up}, {@code down}, {@code auto} (no override), as the CLI writes them. */
  public static AdminOverride parseCommand(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "up" -> UP;
      case "down" -> DOWN;
      case "auto" -> NONE;
      default -> throw new IllegalArgumentException(
          "state '" + text + "' is not up, down or auto");
    };
  }

  /** The metric value: 0 none, 1 forced up, -1 forced down. */
  int metricValue() {
    return this == UP ? 1 : this == DOWN ? -1 : 0;
  }
}
