package org.webplatform.appliance.dns.transfer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.DnsTransferConfig;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.dns.answer.AnswerObserver;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.ResponseStream;
import org.webplatform.appliance.dns.server.TransferAnswerer;
import org.webplatform.appliance.dns.zone.Zone;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * Answers zone transfer requests: AXFR (RFC 5936) over TCP, and IXFR (RFC 1995) with the whole
 * zone, which RFC 1995 §4 permits for a server that keeps no history. Checks, in this order:
 *
 * <ol>
 *   <li>the request is well-formed (RFC 5936 §2.1, RFC 1995 §3), else FORMERR; EDNS version 0,
 *       else BADVERS (RFC 6891 §6.1.3);
 *   <li>a TSIG, when present, verifies (RFC 8945 §5.2), else NOTAUTH with BADKEY, BADSIG or
 *       BADTIME in the TSIG;
 *   <li>the class is IN, else REFUSED as for any query;
 *   <li>the client is allowed ({@code dns.allow_transfer}), else REFUSED — also for names that
 *       are not our zones, so strangers learn nothing about which zones we serve;
 *   <li>the name is a zone apex we serve, else NOTAUTH (NSD does the same);
 *   <li>IXFR whose serial is the same as ours or newer (RFC 1982): our SOA only, "up to date"
 *       (RFC 1995 §2); IXFR over UDP: our SOA only too, which tells the client to come back over
 *       TCP (RFC 1995 §2);
 *   <li>else the whole zone from the snapshot being served, as a stream of messages.
 * </ol>
 *
 * Responses to a verified request are signed; every response is counted and refusals are logged
 * ({@code xfr=refused client=… zone=…}, at most {@value #LOG_LINES_PER_WINDOW} such lines per
 * 10 s). AXFR over UDP never gets here: the general path answers NOTIMP, as NSD does.
 * Thread-safe.
 */
public final class TransferResponder implements TransferAnswerer {
  private static final Logger log = LoggerFactory.getLogger(TransferResponder.class);
  private static final int LOG_LINES_PER_WINDOW = 20;
  private static final long LOG_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Supplier<ZoneSet> zones;
  private final TransferAcl acl;
  private final TsigKeyring keys;
  private final int payload;
  private final AnswerObserver observer;
  private final TransferMetrics metrics;
  private final Clock clock;
  private final LogBudget rejections = new LogBudget(LOG_LINES_PER_WINDOW, LOG_WINDOW_NANOS);

  /**
   * @param zones the snapshot to transfer from, read once per request
   * @param payload the EDNS payload size we advertise ({@code dns.max_udp_payload})
   * @param observer told about the first response to every request, like any query
   */
  public TransferResponder(
      Supplier<ZoneSet> zones,
      DnsTransferConfig config,
      TsigKeyring keys,
      int payload,
      AnswerObserver observer,
      TransferMetrics metrics,
      Clock clock) {
    this.zones = zones;
    this.acl = TransferAcl.from(config.allowTransfer());
    this.keys = keys;
    this.payload = payload;
    this.observer = observer;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public ResponseStream answer(ByteBuffer query, InetSocketAddress client, Transport transport) {
    int qtype = TransferQueries.transferType(query, transport);
    if (qtype == 0) {
      return null;
    }
    byte[] wire = new byte[query.remaining()];
    query.get(query.position(), wire);
    try {
      return answer(wire, qtype, client, transport);
    } catch (RuntimeException e) {
      // A bug must cost this request only: SERVFAIL (RFC 1035 §4.1.1), as the general path does.
      log.error("xfr=servfail client={} error=\"{}\"", address(client), e.toString(), e);
      observer.answered(transport, qtype, Rcode.SERVFAIL, false);
      return new SingleMessage(TransferReplies.headerOnly(wire, Rcode.SERVFAIL));
    }
  }

  private ResponseStream answer(
      byte[] wire, int qtype, InetSocketAddress client, Transport transport) {
    TransferRequest request;
    try {
      request = TransferRequest.parse(wire, client, transport);
    } catch (TransferRequest.Malformed e) {
      reject(qtype == Type.IXFR ? "ixfr" : "axfr", TransferMetrics.NOT_OURS, "-", "formerr",
          client, "none", "\"" + e.getMessage() + "\"");
      observer.answered(transport, qtype, Rcode.FORMERR, false);
      return new SingleMessage(TransferReplies.headerOnly(wire, Rcode.FORMERR));
    }
    if (request.opt() != null && request.opt().getVersion() > 0) {
      // RFC 6891 §6.1.3, as the general path answers any query.
      return refuse(request, Rcode.BADVERS, RequestSignature.UNSIGNED, TransferMetrics.NOT_OURS,
          "badvers", "edns_version");
    }
    ZoneSet snapshot = zones.get();
    Zone zone = snapshot.zone(request.zoneName());
    String zoneLabel = zone != null ? zone.origin().toString() : TransferMetrics.NOT_OURS;
    RequestSignature signature = RequestSignature.verify(request, keys);
    if (!signature.verified() && signature.signed()) {
      int rcode = signature.error() == Rcode.FORMERR ? Rcode.FORMERR : Rcode.NOTAUTH;
      String result = rcode == Rcode.FORMERR ? "formerr" : Rcode.TSIGstring(signature.error());
      return refuse(request, rcode, signature, zoneLabel, result.toLowerCase(Locale.ROOT), "tsig");
    }
    if (request.question().getDClass() != DClass.IN) {
      return refuse(request, Rcode.REFUSED, signature, zoneLabel, "refused", "class");
    }
    if (client == null || !acl.permits(client.getAddress(), signature.verifiedKey())) {
      return refuse(request, Rcode.REFUSED, signature, zoneLabel, "refused", "allow_transfer");
    }
    if (zone == null) {
      return refuse(request, Rcode.NOTAUTH, signature, zoneLabel, "notauth", "not_our_zone");
    }
    if (request.type() == Type.IXFR
        && (Serials.atLeast(request.clientSerial(), zone.serial()) || transport == Transport.UDP)) {
      return soaOnly(request, zone, signature);
    }
    observer.answered(transport, request.type(), Rcode.NOERROR, false);
    return new ZoneStream(request, zone, payload, signature, endListener(request, zone, signature));
  }

  private ResponseStream soaOnly(TransferRequest request, Zone zone, RequestSignature signature) {
    boolean upToDate = Serials.atLeast(request.clientSerial(), zone.serial());
    String result = upToDate ? "uptodate" : "udp_soa";
    metrics.transfer(zone.origin().toString(), "ixfr", result);
    log.info(
        "xfr={} type=IXFR zone={} serial={} client_serial={} client={} key={} transport={}",
        result,
        zone.origin(),
        zone.serial(),
        request.clientSerial(),
        address(request.client()),
        signature.keyLabel(),
        request.transport().name().toLowerCase(Locale.ROOT));
    Record soa = ZoneStream.record(zone.soa(), 0);
    observer.answered(request.transport(), Type.IXFR, Rcode.NOERROR, false);
    return new SingleMessage(
        TransferReplies.single(request, Rcode.NOERROR, List.of(soa), payload, signature, clock));
  }

  private ResponseStream refuse(
      TransferRequest request,
      int rcode,
      RequestSignature signature,
      String zoneLabel,
      String result,
      String reason) {
    reject(request.typeLabel(), zoneLabel, request.zoneName().toString(), result,
        request.client(), signature.keyLabel(), reason);
    observer.answered(request.transport(), request.type(), rcode, false);
    return new SingleMessage(
        TransferReplies.single(request, rcode, List.of(), payload, signature, clock));
  }

  /** Counts a refused request and logs it within the log budget. */
  private void reject(
      String type,
      String zoneLabel,
      String zone,
      String result,
      InetSocketAddress client,
      String key,
      String reason) {
    metrics.transfer(zoneLabel, type, result);
    long dropped = rejections.admit(System.nanoTime());
    if (dropped >= 0) {
      log.warn(
          "xfr={} type={} client={} zone={} key={} reason={}{}",
          result,
          type.toUpperCase(Locale.ROOT),
          address(client),
          zone,
          key,
          reason,
          dropped > 0 ? " suppressed=" + dropped : "");
    }
  }

  private ZoneStream.Listener endListener(
      TransferRequest request, Zone zone, RequestSignature signature) {
    long started = System.nanoTime();
    String zoneLabel = zone.origin().toString();
    return (complete, messages, records, bytes) -> {
      String result = complete ? "ok" : "aborted";
      metrics.transfer(zoneLabel, request.typeLabel(), result);
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      String line =
          "xfr={} type={} zone={} serial={} client={} key={} messages={} records={} bytes={}"
              + " elapsed_ms={}";
      Object[] args = {
        result,
        request.typeLabel().toUpperCase(Locale.ROOT),
        zoneLabel,
        zone.serial(),
        address(request.client()),
        signature.keyLabel(),
        messages,
        records,
        bytes,
        elapsed
      };
      if (complete) {
        log.info(line, args);
      } else {
        log.warn(line, args);
      }
    };
  }

  private static String address(InetSocketAddress client) {
    return client == null ? "unknown" : HostPort.address(client.getAddress());
  }

  /** A response of one message. */
  private static final class SingleMessage implements ResponseStream {
    private byte[] message;

    SingleMessage(byte[] message) {
      this.message = message;
    }

    @Override
    public byte[] next() {
      byte[] out = message;
      message = null;
      return out;
    }

    @Override
    public void close() {}
  }
}
