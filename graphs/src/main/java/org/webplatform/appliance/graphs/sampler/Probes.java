package org.webplatform.appliance.graphs.sampler;

import java.util.List;
import java.util.Set;
import org.webplatform.appliance.graphs.store.Layout;
import org.webplatform.appliance.graphs.store.RrdFileSpec;

/**
 * Which registry metrics feed which rrd data sources. The metric names are those the role
 * modules register (SmtpMetrics, DnsMetrics, RsyncMetrics); a name missing from the registry
 * means the role does not run here, and its data source is stored as unknown.
 */
public final class Probes {
  /**
   * Messages signed, by domain (smtp-relay's DkimMetrics; once per message, whatever the number
   * of signatures and retries). The relay registers it even without keys, so it is stored only
   * once something was signed: the DKIM graph appears on relays that sign, not as a flat zero on
   * the others.
   */
  public static final String DKIM_SIGNED = "appliance_smtp_dkim_signed_total";

  private static final String DNS_RESPONSES = "appliance_dns_responses_total";
  private static final Set<String> DNS_NAMED = Set.of("NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED");

  /** The probes of one rrd file. */
  public record Feed(RrdFileSpec spec, List<Probe> probes) {
    public Feed {
      probes = List.copyOf(probes);
    }
  }

  public static final Feed MAIL =
      new Feed(
          Layout.MAIL,
          List.of(
              Probe.counter("sent", "appliance_smtp_messages_sent_total"),
              Probe.counter("recv", "appliance_smtp_messages_received_total"),
              Probe.counter("bounced", "appliance_smtp_messages_bounced_total"),
              Probe.counter("rejected", "appliance_smtp_messages_rejected_total"),
              Probe.counter("deferred", "appliance_smtp_messages_deferred_total"),
              Probe.counter("dkim", r -> r.sumIfCounted(DKIM_SIGNED)),
              Probe.gauge("queue", "appliance_smtp_queue_size")));

  public static final Feed DNS =
      new Feed(
          Layout.DNS,
          List.of(
              dnsRcode("noerror", "NOERROR"),
              dnsRcode("nxdomain", "NXDOMAIN"),
              dnsRcode("servfail", "SERVFAIL"),
              dnsRcode("refused", "REFUSED"),
              Probe.counter(
                  "other",
                  r -> r.sum(DNS_RESPONSES, l -> !DNS_NAMED.contains(l.get("rcode"))))));

  public static final Feed RSYNC =
      new Feed(
          Layout.RSYNC,
          List.of(
              Probe.counter("bytes", "appliance_rsync_bytes_sent_total"),
              Probe.counter("sessions", "appliance_rsync_sessions_total")));

  public static final List<Feed> ALL = List.of(MAIL, DNS, RSYNC);

  private Probes() {}

  private static Probe dnsRcode(String source, String rcode) {
    return Probe.counter(source, r -> r.sum(DNS_RESPONSES, l -> rcode.equals(l.get("rcode"))));
  }
}
