package org.webplatform.appliance.role;

import java.util.Objects;

/**
 * A role's health. HEALTHY: serving current data. DEGRADED: serving, but something needs an
 * admin (e.g. a zone file failed to reload and old data is served). UNHEALTHY: not serving.
 */
public record Health(Status status, String detail) {

  public enum Status {
    HEALTHY,
    DEGRADED,
    UNHEALTHY
  }

  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  public static Health healthy(String detail) {
    return new Health(Status.HEALTHY, detail);
  }

  public static Health degraded(String detail) {
    return new Health(Status.DEGRADED, detail);
  }

  public static Health unhealthy(String detail) {
    return new Health(Status.UNHEALTHY, detail);
  }

  /** True when the role answers requests (HEALTHY or DEGRADED). */
  public boolean serving() {
    return status != Status.UNHEALTHY;
  }
}
