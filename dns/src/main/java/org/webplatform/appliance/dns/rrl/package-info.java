/**
 * Response rate limiting for UDP (RRL, as in BIND, NSD and Knot): {@link
 * org.webplatform.appliance.dns.rrl.ResponseRateLimiter} is a {@link
 * org.webplatform.appliance.dns.server.ResponseGate} that classifies each response from its bytes
 * ({@link org.webplatform.appliance.dns.rrl.ResponseClassifier}), counts it against its client
 * network, class and name in a fixed-size lock-free table ({@link
 * org.webplatform.appliance.dns.rrl.RateTable}) and, over the limit, drops it or sends a
 * truncated answer instead ({@link org.webplatform.appliance.dns.rrl.SlipResponse}).
 */
package org.webplatform.appliance.dns.rrl;
