/**
 * The dns role: {@link org.webplatform.appliance.dns.DnsRole} wires zone loading ({@code zone}),
 * answers ({@code answer}), zone transfers and NOTIFY ({@code transfer}) and the Netty transport
 * ({@code server}) together, and owns reloads, directory watching, health and metrics.
 *
 * <p>Concurrency: I/O threads ({@code dns-udp-*}, {@code dns-tcp-*}) only read the current zone
 * snapshot (one volatile read per query) and bump lock-free counters. Reloads run on the {@code
 * dns-zone-watch} thread or the caller of {@code reload()} (SIGHUP), one at a time, and publish a
 * new snapshot with one reference swap, then hand changed zones to the {@code dns-notify} loop.
 * Metrics are summed on the scraping thread. With forwarding, cache lookups also run on the I/O
 * threads (lock-free), while upstream exchanges and the answers that follow them run on the
 * {@code dns-forward} loop ({@code forward}).
 */
package org.webplatform.appliance.dns;
