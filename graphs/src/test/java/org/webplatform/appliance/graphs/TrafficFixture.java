package org.webplatform.appliance.graphs;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import org.webplatform.appliance.graphs.sampler.Probes;
import org.webplatform.appliance.graphs.sampler.Sampler;
import org.webplatform.appliance.graphs.store.RrdStore;

/**
 * A registry with the counters of every role, under the names the role modules register, and a
 * deterministic traffic pattern: minute {@code i} carries {@link #sent(long)} sent messages and
 * so on. Every count is known, so what the rrd files hold can be checked against it.
 */
public final class TrafficFixture {
  public static final long STEP = 60;
  /** A week of minutes. */
  public static final int WEEK_MINUTES = 7 * 24 * 60;

  public final PrometheusRegistry registry = new PrometheusRegistry();
  final Counter sent = counter("appliance_smtp_messages_sent_total");
  final Counter received = counter("appliance_smtp_messages_received_total");
  final Counter deferred = counter("appliance_smtp_messages_deferred_total");
  final Counter bounced = counter("appliance_smtp_messages_bounced_total");
  final Counter rejected =
      Counter.builder()
          .name("appliance_smtp_messages_rejected_total")
          .labelNames("reason")
          .register(registry);
  final Counter dkim =
      Counter.builder().name(Probes.DKIM_SIGNED).labelNames("domain", "algorithm")
          .register(registry);
  final Gauge queue = Gauge.builder().name("appliance_smtp_queue_size").register(registry);
  final Counter dns =
      Counter.builder()
          .name("appliance_dns_responses_total")
          .labelNames("rcode", "transport")
          .register(registry);
  final Counter rsyncBytes =
      Counter.builder().name("appliance_rsync_bytes_sent_total").labelNames("module")
          .register(registry);
  final Counter rsyncSessions =
      Counter.builder().name("appliance_rsync_sessions_total").labelNames("module", "result")
          .register(registry);

  /** A mail VM without DKIM: only the relay's counters are registered. */
  public static final class MailOnly {
    public final PrometheusRegistry registry = new PrometheusRegistry();
    public final Counter sent =
        Counter.builder().name("appliance_smtp_messages_sent_total").register(registry);

    public MailOnly() {
      Counter.builder().name("appliance_smtp_messages_received_total").register(registry);
      // Registered by the relay even without DKIM keys; never counted here.
      Counter.builder().name(Probes.DKIM_SIGNED).labelNames("domain", "algorithm")
          .register(registry);
      Gauge.builder().name("appliance_smtp_queue_size").register(registry);
    }
  }

  private Counter counter(String name) {
    return Counter.builder().name(name).register(registry);
  }

  /** Daily rhythm plus a minute-to-minute wobble: never constant, never negative. */
  public static long sent(long minute) {
    long hourOfDay = (minute / 60) % 24;
    return 5 + (hourOfDay >= 8 && hourOfDay < 18 ? 30 : 3) + (minute * 7919) % 11;
  }

  public static long received(long minute) {
    return sent(minute) + (minute % 3);
  }

  public static long bounced(long minute) {
    return minute % 10 == 0 ? 2 : 0;
  }

  public static long rejected(long minute) {
    return minute % 4 == 0 ? 1 : 0;
  }

  public static long deferred(long minute) {
    return minute % 30 < 2 ? 3 : 0;
  }

  public static long dnsNoError(long minute) {
    return 600 + (minute % 17) * 10;
  }

  public static long rsyncBytes(long minute) {
    return minute % 60 < 5 ? 50_000_000 : 1_000;
  }

  /** Counts the traffic of {@code minute} into the registry. */
  public void count(long minute) {
    sent.inc(sent(minute));
    received.inc(received(minute));
    bounced.inc(bounced(minute));
    rejected.labelValues(minute % 8 == 0 ? "relay_denied" : "size").inc(rejected(minute));
    deferred.inc(deferred(minute));
    dkim.labelValues("example.org", "rsa-sha256").inc(sent(minute));
    queue.set(minute % 50);
    dns.labelValues("NOERROR", minute % 2 == 0 ? "udp" : "tcp").inc(dnsNoError(minute));
    dns.labelValues("NXDOMAIN", "udp").inc(minute % 5);
    dns.labelValues("FORMERR", "udp").inc(minute % 7 == 0 ? 1 : 0);
    rsyncBytes.labelValues("pub").inc(rsyncBytes(minute));
    rsyncSessions.labelValues("pub", "ok").inc(minute % 60 < 5 ? 1 : 0);
  }

  /**
   * Feeds {@code minutes} minutes ending at {@code end} (seconds, a multiple of the step) through
   * a sampler, one sample per minute, as the sampler thread would.
   *
   * @return the nanoseconds spent in {@link Sampler#sample(long)}
   */
  public long feed(RrdStore store, long end, int minutes) throws IOException {
    Sampler sampler = new Sampler(registry, store, Probes.ALL);
    long start = end - minutes * STEP;
    long nanos = 0;
    for (int i = 1; i <= minutes; i++) {
      count(minuteAt(start + i * STEP));
      long t0 = System.nanoTime();
      sampler.sample(start + i * STEP);
      nanos += System.nanoTime() - t0;
    }
    return nanos;
  }

  /** The minute whose traffic is sampled at {@code time}: the one that just ended. */
  public static long minuteAt(long time) {
    return time / STEP - 1;
  }
}
