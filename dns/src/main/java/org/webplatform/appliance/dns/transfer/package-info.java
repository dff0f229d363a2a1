/**
 * Zone transfer out: AXFR (RFC 5936) and IXFR answered with the whole zone (RFC 1995 §4) to the
 * clients of {@code dns.allow_transfer}, optionally TSIG-signed (RFC 8945), and NOTIFY (RFC 1996)
 * to the {@code dns.also_notify} secondaries.
 *
 * <p>Layout: {@link org.webplatform.appliance.dns.transfer.TransferResponder} decides (well-formed,
 * TSIG, allowed, our zone, serial) and hands out a {@link
 * org.webplatform.appliance.dns.transfer.ZoneStream} that makes the messages one at a time from
 * the immutable zone snapshot; {@code RequestSignature} verifies and signs; {@link
 * org.webplatform.appliance.dns.transfer.NotifySender} sends and re-sends NOTIFY.
 *
 * <p>Threads: requests are answered on the I/O thread that read them, and a transfer's messages
 * are made on its connection's thread as the socket takes them, so a large zone neither blocks
 * the loop for long nor sits in memory whole. NOTIFY runs on its own {@code dns-notify} event
 * loop, which owns all its state.
 */
package org.webplatform.appliance.dns.transfer;
