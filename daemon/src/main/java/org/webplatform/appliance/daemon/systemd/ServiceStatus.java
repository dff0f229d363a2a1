package org.webplatform.appliance.daemon.systemd;

import java.util.Map;
import java.util.StringJoiner;
import org.webplatform.appliance.role.Health;

/** The one-line STATUS= text {@code systemctl status} shows: which roles serve, and any trouble. */
public final class ServiceStatus {
  private static final int MAX_DETAIL = 200;

  private ServiceStatus() {}

  /** E.g. {@code serving dns (DEGRADED: 1 zone file error), smtp-relay; admin 127.0.0.1:8025}. */
  public static String of(Map<String, Health> roles, String admin) {
    StringJoiner serving = new StringJoiner(", ", "serving ", "; admin " + admin);
    for (Map.Entry<String, Health> role : roles.entrySet()) {
      Health health = role.getValue();
      if (health.status() == Health.Status.HEALTHY) {
        serving.add(role.getKey());
      } else {
        String detail = health.detail();
        if (detail.length() > MAX_DETAIL) {
          detail = detail.substring(0, MAX_DETAIL) + "...";
        }
        serving.add(role.getKey() + " (" + health.status() + ": " + detail + ")");
      }
    }
    return serving.toString();
  }
}
