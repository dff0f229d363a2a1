/**
 * The DNS transport: Netty UDP and TCP listeners that hand each query message to a {@link
 * org.webplatform.appliance.dns.server.QueryAnswerer} and send back what it returns.
 *
 * <p>Layout (one job per class): {@link org.webplatform.appliance.dns.server.DnsServer} binds and
 * stops; the initializers only build pipelines; the handlers hold the behaviour.
 *
 * <p>Threads: {@code dns-udp-N} (one SO_REUSEPORT socket per loop and listen address), {@code
 * dns-tcp-accept} and {@code dns-tcp}. Answers are computed on the I/O thread that read the query:
 * the answerer never blocks, so there is no hand-off and TCP answers leave in query order (RFC
 * 7766 §7). The exception are answers that follow later (forwarded queries): they complete on
 * the forwarder's thread and are written through the channel's own event loop, on TCP possibly
 * after answers to later queries, which RFC 7766 §7 allows.
 */
package org.webplatform.appliance.dns.server;
