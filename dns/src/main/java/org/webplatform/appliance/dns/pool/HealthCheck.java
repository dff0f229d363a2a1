package org.webplatform.appliance.dns.pool;

import java.net.InetAddress;

/**
 * One kind of health check. {@link #check} blocks the calling check thread for at most the
 * monitor's timeout and reports every failure as a result, never as an exception. Implementations
 * are stateless and thread-safe.
 */
interface HealthCheck {
  CheckResult check(InetAddress address);
}
