package org.webplatform.appliance.dns.forward;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.DnsForwarding;
import org.webplatform.appliance.dns.answer.Recursion;
import org.webplatform.appliance.dns.answer.Resolution;
import org.webplatform.appliance.dns.forward.ForwardCounters.AttemptResult;
import org.webplatform.appliance.dns.forward.ForwardCounters.ServfailReason;
import org.webplatform.appliance.dns.zone.RrSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Resolves names outside our zones by asking the configured upstream servers, with a cache: the
 * {@link Recursion} of the dns role when {@code dns.forwarders} is set.
 *
 * <p>A question not in the cache goes to the upstreams in config order, each attempt limited to
 * {@code forward_timeout} (a truncated UDP response is retried over TCP at the same upstream).
 * The first NOERROR or NXDOMAIN answer is taken and cached ({@link CacheLifetime}); a timeout, a
 * socket error or another RCODE (SERVFAIL, REFUSED...) moves on to the next upstream; when none is
 * left the answer is SERVFAIL, which is not cached. Identical questions asked while one is being
 * resolved wait for that one (coalescing), so a burst of clients costs one upstream query. At
 * most {@value #MAX_IN_FLIGHT} questions are resolved at a time; beyond that the answer is
 * SERVFAIL at once (each one holds a socket).
 *
 * <p>An upstream that starts failing is logged once, and again once when it answers again.
 *
 * <p>Lifecycle: {@link #start} before the first query, {@link #stop} after the listeners are
 * closed. Thread-safe: {@link #allows}, {@link #cached} and {@link #resolve} are called on I/O
 * threads and never block; upstream work runs on the client's loop.
 */
public final class Forwarder implements Recursion {
  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

  static final int MAX_IN_FLIGHT = 512;

  private final List<Upstream> upstreams;
  private final ClientNetworks clients;
  private final AnswerCache cache;
  private final ForwardCounters counters;
  private final Duration timeout;
  private final long maxTtl;
  private final long maxNegativeTtl;
  private final LongSupplier nanoTime;
  private final Map<CacheKey, CompletableFuture<Resolution>> inFlight = new ConcurrentHashMap<>();
  private final AtomicBoolean[] failing;
  private volatile UpstreamClient client;

  public Forwarder(DnsForwarding config) {
    this(config, System::nanoTime);
  }

  /** @param nanoTime the monotonic clock cache ages are measured with (tests move it) */
  Forwarder(DnsForwarding config, LongSupplier nanoTime) {
    List<Upstream> list = new ArrayList<>();
    for (int i = 0; i < config.forwarders().size(); i++) {
      list.add(Upstream.of(i, config.forwarders().get(i)));
    }
    this.upstreams = List.copyOf(list);
    this.clients = new ClientNetworks(config.recursionNetworks());
    this.cache = new AnswerCache(config.cacheSize());
    this.counters = new ForwardCounters(upstreams.size());
    this.timeout = config.forwardTimeout();
    this.maxTtl = config.cacheMaxTtl().toSeconds();
    this.maxNegativeTtl = config.cacheMaxNegativeTtl().toSeconds();
    this.nanoTime = nanoTime;
    this.failing = new AtomicBoolean[upstreams.size()];
    for (int i = 0; i < failing.length; i++) {
      failing[i] = new AtomicBoolean();
    }
  }

  /** Starts the upstream client's event loop. */
  public synchronized void start() {
    if (client == null) {
      client = new UpstreamClient(timeout);
    }
  }

  /** Stops the event loop; questions still being resolved end as SERVFAIL. Idempotent. */
  public synchronized void stop() {
    UpstreamClient running = client;
    client = null;
    if (running != null) {
      running.close();
    }
    for (CompletableFuture<Resolution> waiting : List.copyOf(inFlight.values())) {
      waiting.complete(Resolution.SERVFAIL);
    }
  }

  @Override
  public boolean allows(InetAddress client) {
    return clients.contains(client);
  }

  @Override
  public Resolution cached(Name name, int type) {
    Resolution hit = cache.get(new CacheKey(name, type), nanoTime.getAsLong());
    if (hit != null) {
      counters.cacheHit();
    } else {
      counters.cacheMiss();
    }
    return hit;
  }

  @Override
  public CompletionStage<Resolution> resolve(Name name, int type) {
    CacheKey key = new CacheKey(name.canonicalize(), type);
    CompletableFuture<Resolution> running = inFlight.get(key);
    if (running != null) {
      return running;
    }
    UpstreamClient upstreamClient = client;
    if (upstreamClient == null) {
      return CompletableFuture.completedFuture(Resolution.SERVFAIL); // stopped
    }
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      counters.servfail(ServfailReason.OVERLOAD);
      return CompletableFuture.completedFuture(Resolution.SERVFAIL);
    }
    CompletableFuture<Resolution> result = new CompletableFuture<>();
    running = inFlight.putIfAbsent(key, result);
    if (running != null) {
      return running;
    }
    result.whenComplete((resolution, error) -> inFlight.remove(key, result));
    try {
      upstreamClient.loop().execute(() -> attempt(upstreamClient, key, 0, result));
    } catch (RejectedExecutionException e) {
      result.complete(Resolution.SERVFAIL); // stopping
    }
    return result;
  }

  /** Answers cached now, expired ones not yet swept included. */
  public int cacheSize() {
    return cache.size();
  }

  /** Questions being resolved now. */
  public int inFlight() {
    return inFlight.size();
  }

  public ForwardCounters counters() {
    return counters;
  }

  /** The upstreams as the config writes them, in order. */
  public List<String> upstreamLabels() {
    return upstreams.stream().map(Upstream::label).toList();
  }

  @Override
  public String toString() {
    return "upstreams=" + upstreamLabels() + " recursion_networks=" + clients;
  }

  /** Tries upstream {@code index} and, if it gives no answer, the ones after it. On the loop. */
  private void attempt(
      UpstreamClient upstreamClient,
      CacheKey key,
      int index,
      CompletableFuture<Resolution> result) {
    if (index == upstreams.size()) {
      counters.servfail(ServfailReason.UPSTREAMS_FAILED);
      result.complete(Resolution.SERVFAIL);
      return;
    }
    Upstream upstream = upstreams.get(index);
    CompletableFuture<Message> exchange;
    try {
      exchange =
          upstreamClient.exchange(
              upstream.address(), key.name(), key.type(), () -> counters.tcpRetry(index));
    } catch (RuntimeException e) {
      exchange = CompletableFuture.failedFuture(e); // the loop is shutting down
    }
    exchange.whenComplete(
        (response, error) -> {
          AttemptResult outcome = classify(response, error);
          counters.attempt(index, outcome);
          report(upstream, outcome, response, error);
          if (outcome != AttemptResult.OK) {
            attempt(upstreamClient, key, index + 1, result);
            return;
          }
          try {
            result.complete(store(key, response));
          } catch (RuntimeException e) {
            // An answer we cannot take apart is no answer; try the next upstream.
            attempt(upstreamClient, key, index + 1, result);
          }
        });
  }

  /** Caches {@code response} as far as it may be cached; returns it as a fresh resolution. */
  private Resolution store(CacheKey key, Message response) {
    long lifetime = CacheLifetime.of(response, maxTtl, maxNegativeTtl);
    Resolution resolution =
        new Resolution(
            response.getRcode(),
            rrsets(response.getSection(Section.ANSWER)),
            rrsets(response.getSection(Section.AUTHORITY)),
            rrsets(response.getSection(Section.ADDITIONAL)),
            lifetime == CacheLifetime.UNCACHEABLE ? maxTtl : lifetime,
            0);
    cache.put(key, resolution, lifetime, nanoTime.getAsLong());
    return resolution;
  }

  /**
   * The records of one section as RRsets in order of first appearance; records of other classes
   * and the OPT pseudo-record (class is the payload size there) are not passed on.
   */
  private static List<RrSet> rrsets(List<Record> section) {
    Map<CacheKey, List<Record>> sets = new LinkedHashMap<>();
    for (Record record : section) {
      if (record.getDClass() == DClass.IN && record.getType() != Type.OPT) {
        sets.computeIfAbsent(
                new CacheKey(record.getName(), record.getType()), k -> new ArrayList<>())
            .add(record);
      }
    }
    List<RrSet> rrsets = new ArrayList<>(sets.size());
    for (Map.Entry<CacheKey, List<Record>> set : sets.entrySet()) {
      rrsets.add(RrSet.of(set.getKey().name(), set.getKey().type(), set.getValue()));
    }
    return rrsets;
  }

  private static AttemptResult classify(Message response, Throwable error) {
    if (error != null) {
      return cause(error) instanceof TimeoutException ? AttemptResult.TIMEOUT : AttemptResult.ERROR;
    }
    int rcode = response.getRcode();
    boolean answered = rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN;
    return answered ? AttemptResult.OK : AttemptResult.RCODE;
  }

  /** Logs when an upstream starts failing and when it answers again, not every failure. */
  private void report(Upstream upstream, AttemptResult outcome, Message response, Throwable error) {
    if (client == null) {
      return; // stopping: the failures are ours, not the upstream's
    }
    AtomicBoolean down = failing[upstream.index()];
    if (outcome == AttemptResult.OK) {
      if (down.compareAndSet(true, false)) {
        log.info("upstream answering again upstream={}", upstream.label());
      }
      return;
    }
    if (down.compareAndSet(false, true)) {
      String reason =
          error != null
              ? cause(error).toString()
              : "rcode " + Rcode.string(response.getRcode());
      log.warn(
          "upstream failing upstream={} result={} error=\"{}\"",
          upstream.label(),
          outcome.label(),
          reason);
    }
  }

  private static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
