package org.webplatform.appliance.dns.rrl;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.DnsRrlConfig;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.ResponseGate;

/**
 * Response rate limiting for UDP (the Vixie/Schryver design of BIND, NSD and Knot): a reflection
 * attack sends queries with a victim's address as source, and the victim gets our answers. Per
 * key (client network, {@link ResponseClass response class}, name of the class) at most {@code
 * responses_per_second} responses go out, after a burst of as many; over that, every {@code
 * slip}-th response is replaced by an empty truncated answer (a real client retries over TCP,
 * which is never limited: a spoofer cannot complete a handshake) and the others are dropped.
 * Exempt networks and TCP pass untouched.
 *
 * <p>Per response: one look at the header and the first authority owner, a hash of the key and
 * one compare-and-set in a fixed {@link RateTable}; nothing is allocated for an IPv4 client (an
 * IPv6 one costs a copy of its address), unless a response is replaced or an episode is logged.
 * A limited response costs no more than a passed one (measured: about 0.15 µs either way, about
 * what the responder spends on a memoised answer; 0.02 µs for an exempt client). Keys are hashed with a random seed,
 * so which keys share a bucket cannot be worked out from outside.
 *
 * <p>Thread-safe; lock-free on the response path.
 */
public final class ResponseRateLimiter implements ResponseGate {
  private static final Logger log = LoggerFactory.getLogger(ResponseRateLimiter.class);

  private final ClientNetworks networks;
  private final RateTable table;
  private final int slip;
  private final int perSecond;
  private final LongSupplier nanos;
  private final RrlObserver observer;
  private final long seed;
  private final LimitLog episodes = new LimitLog();
  private final AtomicLong limitedResponses = new AtomicLong();

  /**
   * The gate for {@code config}: this limiter, or {@link ResponseGate#OPEN} when RRL is off.
   *
   * @param clock read once per UDP response (milliseconds are enough: the burst covers them)
   */
  public static ResponseGate create(DnsRrlConfig config, Clock clock, RrlObserver observer) {
    if (!config.enabled()) {
      log.info("rrl enabled=false");
      return ResponseGate.OPEN;
    }
    Objects.requireNonNull(clock, "clock");
    ResponseRateLimiter limiter =
        new ResponseRateLimiter(
            config,
            () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()),
            observer,
            new SecureRandom().nextLong());
    log.info(
        "rrl enabled=true responses_per_second={} slip={} ipv4_prefix={} ipv6_prefix={}"
            + " buckets={} exempt={}",
        config.responsesPerSecond(),
        config.slip(),
        config.ipv4Prefix(),
        config.ipv6Prefix(),
        limiter.tableSize(),
        config.exempt());
    return limiter;
  }

  /**
   * @param nanos the time in nanoseconds, any origin
   * @param seed secret hash seed
   */
  ResponseRateLimiter(DnsRrlConfig config, LongSupplier nanos, RrlObserver observer, long seed) {
    this.networks = new ClientNetworks(config.ipv4Prefix(), config.ipv6Prefix(), config.exempt());
    this.table = new RateTable(config.tableSize(), config.responsesPerSecond());
    this.slip = config.slip();
    this.perSecond = config.responsesPerSecond();
    this.nanos = Objects.requireNonNull(nanos, "nanos");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.seed = seed;
  }

  @Override
  public byte[] pass(byte[] response, InetSocketAddress client, Transport transport) {
    if (response == null || transport != Transport.UDP || client == null) {
      return response;
    }
    // The address as two longs, read without cloning its octets: for IPv4, the JDK's
    // Inet4Address.hashCode() is the address itself (every response pays this check, exempt
    // clients included).
    InetAddress ip = client.getAddress();
    boolean ipv6;
    long high;
    long low;
    if (ip instanceof Inet4Address) {
      ipv6 = false;
      high = 0;
      low = ip.hashCode() & 0xFFFF_FFFFL;
    } else {
      byte[] raw = ip.getAddress();
      ipv6 = raw.length == 16;
      high = ClientNetworks.high(raw);
      low = ClientNetworks.low(raw);
    }
    if (networks.exempt(ipv6, high, low)) {
      return response;
    }
    int classification = ResponseClassifier.classify(response);
    long key = key(ipv6, high, low, response, classification);
    long now = nanos.getAsLong();
    switch (table.admit(key, now)) {
      case PASS:
        return response;
      case PASS_RELEASED:
        episodes.released(now, key, () -> fields(ip, response, classification));
        return response;
      case LIMITED_STARTED:
        episodes.limited(
            now,
            key,
            () -> fields(ip, response, classification)
                + " responses_per_second=" + perSecond + " slip=" + slip);
        return limited(response);
      default:
        return limited(response);
    }
  }

  /** Buckets of the rate table (its memory bound: 8 octets each). */
  int tableSize() {
    return table.size();
  }

  private byte[] limited(byte[] response) {
    if (slip > 0 && limitedResponses.incrementAndGet() % slip == 0) {
      byte[] truncated = SlipResponse.of(response);
      if (truncated != null) {
        observer.limited(true);
        return truncated;
      }
    }
    observer.limited(false);
    return null;
  }

  /** Hash of (network, class, imputed name, and for answers the query type), seeded. */
  private long key(boolean ipv6, long high, long low, byte[] response, int classification) {
    ResponseClass responseClass = ResponseClassifier.responseClass(classification);
    long h = Wire.mix(seed, (ipv6 ? 16 : 4) << 8 | responseClass.ordinal());
    h = Wire.mix(h, networks.networkHigh(ipv6, high));
    h = Wire.mix(h, networks.networkLow(ipv6, low));
    int name = ResponseClassifier.nameOffset(classification);
    if (name >= 0) {
      h = Wire.foldName(response, name, h);
      int type = Wire.skipName(response, name);
      if (responseClass == ResponseClass.POSITIVE && type >= 0 && type + 2 <= response.length) {
        h = Wire.mix(h, Wire.u16(response, type));
      }
    }
    return finish(h);
  }

  private String fields(InetAddress client, byte[] response, int classification) {
    int name = ResponseClassifier.nameOffset(classification);
    return "client=" + networks.networkText(client.getAddress())
        + " class=" + ResponseClassifier.responseClass(classification).label()
        + " name=" + (name >= 0 ? Wire.nameText(response, name) : ".");
  }

  /** MurmurHash3's fmix64: every input bit reaches the index and the fingerprint bits. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
