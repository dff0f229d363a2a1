/**
 * The DNS transport: Netty UDP and TCP listeners that hand each query message to a {@link
 * org.webplatform.appliance.dns.server.QueryAnswerer} and send back what it returns.
 *
 * <p>Layout (one job per class): {@link org.webplatform.appliance.dns.server.DnsServer} binds and
 * stops; the initializers only build pipelines; the handlers hold the behaviour.
 *
 * <p>Threads: {@code dns-udp-N} (one SO_REUSEPORT socket per loop and listen address), {@code
 * dns-tcp-accept} and {@code dns-tcp}. Answers are computed on the I/O thread that read the query:
 * the answerer is pure and never blocks, so there is no hand-off and TCP answers leave in query
 * order (RFC 7766 §7).
 */
package org.webplatform.appliance.dns.server;
