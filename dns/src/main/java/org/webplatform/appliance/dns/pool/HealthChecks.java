package org.webplatform.appliance.dns.pool;

import org.webplatform.appliance.config.DnsPoolMonitor;

/** The {@link HealthCheck} of a monitor config. */
final class HealthChecks {
  private HealthChecks() {}

  /** The check, or null for type none (no checks: members are up unless overridden). */
  static HealthCheck of(DnsPoolMonitor monitor) {
    return switch (monitor.type()) {
      case NONE -> null;
      case TCP -> new TcpCheck(monitor.port(), monitor.timeout());
      case HTTP -> new HttpCheck(
          monitor.port(), monitor.path(), monitor.host(), monitor.okCodes(), monitor.timeout(),
          null, false);
      case HTTPS -> new HttpCheck(
          monitor.port(), monitor.path(), monitor.host(), monitor.okCodes(), monitor.timeout(),
          HttpCheck.tlsFactory(monitor.insecure()), !monitor.insecure());
    };
  }
}
