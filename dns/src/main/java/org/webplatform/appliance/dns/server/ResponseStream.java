package org.webplatform.appliance.dns.server;

/**
 * The response messages to one query that takes more than one (a zone transfer, RFC 5936 §2.2),
 * produced one at a time as the connection can take them, so a large zone is never held in
 * memory whole and the I/O thread is never busy for long.
 *
 * <p>Contract: called on one I/O thread only, never concurrently. {@link #next()} must not block.
 * {@link #close()} is called exactly once, after the last message or when the connection ends
 * first (then the stream was cut short).
 */
public interface ResponseStream {

  /** The next message, without the TCP length prefix; null when there is none left. */
  byte[] next();

  /** Releases the stream; a stream closed before {@link #next()} returned null was cut short. */
  void close();
}
