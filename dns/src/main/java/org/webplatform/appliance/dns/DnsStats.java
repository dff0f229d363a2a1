package org.webplatform.appliance.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.webplatform.appliance.config.DnsRrlConfig;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.role.Json;
import org.xbill.DNS.Rcode;

/**
 * The role's counters as one JSON document in the shape of {@code gdnsdctl stats} (gdnsd 3.x):
 * {@code uptime} in seconds, then sections of counters. gdnsd's names where gdnsd has the counter:
 *
 * <pre>
 * stats  noerror refused nxdomain notimp badvers formerr servfail: responses by rcode (both
 *        transports, including responses RRL then dropped or slipped); dropped: packets not
 *        answered (QR set, shorter than a header); v6: responses to IPv6 clients; edns,
 *        edns_do: responses with EDNS, and with the DO bit
 * udp    reqs: UDP queries; tc: responses truncated to fit
 * tcp    reqs: TCP queries; conns: connections accepted; refused: closed at once (cap reached)
 * rrl    enabled; limited = dropped + slipped: UDP responses over the rate limit
 * zones  count; errors: of the latest load; reloads_ok, reloads_failed
 * </pre>
 *
 * A further section is one call of {@link #section}, e.g. {@code stats.section("forward", out ->
 * out.put("hits", forwarder.hits()).put("misses", forwarder.misses()))}; sections appear in the
 * order they were added. Thread-safe; counters are read when {@link #json()} renders.
 */
final class DnsStats {
  private final Clock clock;
  private final Map<String, StatsSection> sections = new LinkedHashMap<>();
  private volatile Instant started;

  DnsStats(Clock clock, QueryCounters queries, ZoneReloader zones, DnsRrlConfig rrl) {
    this.clock = clock;
    section(
        "stats",
        out ->
            out.put("noerror", rcode(queries, Rcode.NOERROR))
                .put("refused", rcode(queries, Rcode.REFUSED))
                .put("nxdomain", rcode(queries, Rcode.NXDOMAIN))
                .put("notimp", rcode(queries, Rcode.NOTIMP))
                .put("badvers", rcode(queries, Rcode.BADVERS))
                .put("formerr", rcode(queries, Rcode.FORMERR))
                .put("servfail", rcode(queries, Rcode.SERVFAIL))
                .put("dropped", both(queries::droppedCount))
                .put("v6", both(queries::ipv6Count))
                .put("edns", both(queries::ednsCount))
                .put("edns_do", both(queries::ednsDoCount)));
    section(
        "udp",
        out ->
            out.put("reqs", requests(queries, Transport.UDP))
                .put("tc", queries.truncatedCount(Transport.UDP)));
    section(
        "tcp",
        out ->
            out.put("reqs", requests(queries, Transport.TCP))
                .put("conns", queries.tcpAcceptedCount())
                .put("refused", queries.tcpRefusedCount()));
    section(
        "rrl",
        out ->
            out.put("enabled", rrl.enabled())
                .put("limited", queries.rrlDroppedCount() + queries.rrlSlippedCount())
                .put("dropped", queries.rrlDroppedCount())
                .put("slipped", queries.rrlSlippedCount()));
    section(
        "zones",
        out ->
            out.put("count", zones.current().size())
                .put("errors", zones.errors().size())
                .put("reloads_ok", zones.reloads(true))
                .put("reloads_failed", zones.reloads(false)));
  }

  /** Adds a section after the ones there; a name already there is replaced in its place. */
  synchronized DnsStats section(String name, StatsSection section) {
    sections.put(name, section);
    return this;
  }

  /** The instant uptime counts from; before it, uptime is 0. */
  void started(Instant at) {
    started = at;
  }

  /** The document, pretty-printed as gdnsdctl prints it, with a final newline. */
  synchronized String json() {
    Instant since = started;
    long uptime =
        since == null ? 0 : Math.max(0, Duration.between(since, clock.instant()).toSeconds());
    StringBuilder out = new StringBuilder(1024).append("{\n  \"uptime\": ").append(uptime);
    for (Map.Entry<String, StatsSection> entry : sections.entrySet()) {
      out.append(",\n  ").append(Json.string(entry.getKey())).append(": {");
      ObjectWriter writer = new ObjectWriter(out);
      entry.getValue().write(writer);
      out.append(writer.empty ? "}" : "\n  }");
    }
    return out.append("\n}\n").toString();
  }

  private static long rcode(QueryCounters queries, int rcode) {
    return both(t -> queries.responseCount(t, QueryCounters.rcodeSlot(rcode)));
  }

  private static long requests(QueryCounters queries, Transport transport) {
    long answered = 0;
    for (int slot = 0; slot <= QueryCounters.OTHER_RCODE; slot++) {
      answered += queries.responseCount(transport, slot);
    }
    return answered + queries.droppedCount(transport);
  }

  private static long both(ToLongFunction<Transport> count) {
    long sum = 0;
    for (Transport transport : Transport.values()) {
      sum += count.applyAsLong(transport);
    }
    return sum;
  }

  /** Writes one section's counters as the members of a JSON object. */
  private static final class ObjectWriter implements StatsSection.Counters {
    private final StringBuilder out;
    private boolean empty = true;

    ObjectWriter(StringBuilder out) {
      this.out = out;
    }

    @Override
    public StatsSection.Counters put(String name, long value) {
      member(name).append(value);
      return this;
    }

    @Override
    public StatsSection.Counters put(String name, boolean value) {
      member(name).append(value);
      return this;
    }

    private StringBuilder member(String name) {
      out.append(empty ? "\n    " : ",\n    ").append(Json.string(name)).append(": ");
      empty = false;
      return out;
    }
  }
}
