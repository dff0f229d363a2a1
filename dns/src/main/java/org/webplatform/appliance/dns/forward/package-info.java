/**
 * Forwarding for names outside our zones: the answers VMs need when their resolv.conf points at
 * the appliance, for clients in {@code dns.recursion_networks} only.
 *
 * <p>{@link org.webplatform.appliance.dns.forward.Forwarder} is the {@code Recursion} the
 * responder consults: {@link org.webplatform.appliance.dns.forward.ClientNetworks} decides who may
 * ask, {@link org.webplatform.appliance.dns.forward.AnswerCache} holds answers for their TTL
 * ({@link org.webplatform.appliance.dns.forward.CacheLifetime}, RFC 2308 for negative ones), and
 * {@link org.webplatform.appliance.dns.forward.UpstreamClient} asks the configured upstream servers
 * in order, over UDP and over TCP after a truncated response.
 *
 * <p>Threads: cache lookups run on the I/O threads that read the queries (lock-free); upstream
 * exchanges and their completions run on the one {@code dns-forward} event loop. Nothing blocks.
 */
package org.webplatform.appliance.dns.forward;
