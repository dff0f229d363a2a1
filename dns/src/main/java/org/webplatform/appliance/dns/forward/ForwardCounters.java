package org.webplatform.appliance.dns.forward;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Forwarding counters, bumped on the I/O threads and the forwarding loop, summed when metrics are
 * scraped. Per upstream: one counter per {@link AttemptResult} and TCP retries. Lock-free.
 */
public final class ForwardCounters {
  /** How one attempt at one upstream ended. */
  public enum AttemptResult {
    /** An answer (NOERROR or NXDOMAIN) was accepted. */
    OK,
    /** No matching response within {@code forward_timeout}. */
    TIMEOUT,
    /** The socket failed (unreachable, refused, reset) or TCP gave no matching response. */
    ERROR,
    /** The upstream answered with another RCODE (SERVFAIL, REFUSED, ...): the next is tried. */
    RCODE;

    /** The metric label. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why forwarding answered SERVFAIL. */
  public enum ServfailReason {
    /** Every upstream failed. */
    UPSTREAMS_FAILED,
    /** Too many questions were already being resolved. */
    OVERLOAD;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder[][] attempts;
  private final LongAdder[] tcpRetries;
  private final LongAdder[] servfails = adders(ServfailReason.values().length);

  ForwardCounters(int upstreams) {
    attempts = new LongAdder[upstreams][];
    for (int i = 0; i < upstreams; i++) {
      attempts[i] = adders(AttemptResult.values().length);
    }
    tcpRetries = adders(upstreams);
  }

  void cacheHit() {
    cacheHits.increment();
  }

  void cacheMiss() {
    cacheMisses.increment();
  }

  void attempt(int upstream, AttemptResult result) {
    attempts[upstream][result.ordinal()].increment();
  }

  void tcpRetry(int upstream) {
    tcpRetries[upstream].increment();
  }

  void servfail(ServfailReason reason) {
    servfails[reason.ordinal()].increment();
  }

  public long cacheHits() {
    return cacheHits.sum();
  }

  public long cacheMisses() {
    return cacheMisses.sum();
  }

  public long attempts(int upstream, AttemptResult result) {
    return attempts[upstream][result.ordinal()].sum();
  }

  public long tcpRetries(int upstream) {
    return tcpRetries[upstream].sum();
  }

  public long servfails(ServfailReason reason) {
    return servfails[reason.ordinal()].sum();
  }

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }
}
