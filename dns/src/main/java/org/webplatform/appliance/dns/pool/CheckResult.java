package org.webplatform.appliance.dns.pool;

/**
 * The outcome of one health check.
 *
 * @param reason what was seen, for logs and {@code appliance dns pool list}: {@code "ok"}, {@code
 *     "connection refused"}, {@code "status 503"}...
 */
record CheckResult(boolean ok, String reason) {
  static CheckResult success(String reason) {
    return new CheckResult(true, reason);
  }

  static CheckResult failure(String reason) {
    return new CheckResult(false, reason);
  }
}
