package org.webplatform.appliance.dns;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import org.webplatform.appliance.dns.answer.AnswerObserver;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.rrl.RrlObserver;
import org.webplatform.appliance.dns.server.ResponseGate;
import org.webplatform.appliance.dns.server.TcpConnectionObserver;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Per-query counters, bumped on the I/O threads and summed when metrics are scraped.
 *
 * <p>Each counter is a {@link LongAdder} in a fixed array slot chosen by arithmetic or a switch: no
 * lock, no map lookup, no allocation per query, and no contention between UDP loops (a LongAdder
 * spreads contended increments over cells). Label sets are bounded: rcodes 0–23 by name plus {@code
 * other}; query types the common ones plus {@code other}.
 *
 * <p>As the first {@link ResponseGate} it also counts, like gdnsd's {@code v6}, {@code edns} and
 * {@code edns_do}, responses to IPv6 clients and responses carrying EDNS (with the DO bit): a
 * response carries our OPT exactly when the query had one valid OPT, and our encoder writes it
 * last and without options, so the last 11 octets tell. (A relayed response whose OPT is not last
 * would not count.)
 */
final class QueryCounters
    implements AnswerObserver, TcpConnectionObserver, ResponseGate, RrlObserver {
  private static final int OPT_LENGTH = 11;
  private static final int TYPE_OPT = 41;

  /** Labels for the {@code qtype} slots; the last one takes every type not listed. */
  static final String[] QTYPE_LABELS = {
    "A", "NS", "CNAME", "SOA", "PTR", "MX", "TXT", "AAAA", "SRV", "NAPTR", "DS", "DNSKEY", "SVCB",
    "HTTPS", "CAA", "ANY", "AXFR", "IXFR", "other"
  };

  /** Rcodes with their own slot (0–23 covers every assigned value that fits a response). */
  static final int NAMED_RCODES = 24;

  static final int OTHER_RCODE = NAMED_RCODES;

  private static final int TRANSPORTS = Transport.values().length;

  private final LongAdder[][] responses = adders(TRANSPORTS, NAMED_RCODES + 1);
  private final LongAdder[][] byType = adders(TRANSPORTS, QTYPE_LABELS.length);
  private final LongAdder[] truncated = adders(1, TRANSPORTS)[0];
  private final LongAdder[] dropped = adders(1, TRANSPORTS)[0];
  private final LongAdder tcpAccepted = new LongAdder();
  private final LongAdder tcpRefused = new LongAdder();
  private final LongAdder[] ipv6 = adders(1, TRANSPORTS)[0];
  private final LongAdder[] edns = adders(1, TRANSPORTS)[0];
  private final LongAdder[] ednsDo = adders(1, TRANSPORTS)[0];
  private final LongAdder rrlDropped = new LongAdder();
  private final LongAdder rrlSlipped = new LongAdder();

  @Override
  public void answered(Transport transport, int qtype, int rcode, boolean wasTruncated) {
    int t = transport.ordinal();
    responses[t][rcodeSlot(rcode)].increment();
    byType[t][qtypeSlot(qtype)].increment();
    if (wasTruncated) {
      truncated[t].increment();
    }
  }

  @Override
  public void dropped(Transport transport) {
    dropped[transport.ordinal()].increment();
  }

  @Override
  public void accepted() {
    tcpAccepted.increment();
  }

  @Override
  public void refused() {
    tcpRefused.increment();
  }

  @Override
  public byte[] pass(byte[] response, InetSocketAddress client, Transport transport) {
    if (response == null) {
      return null;
    }
    int t = transport.ordinal();
    if (client != null && client.getAddress() instanceof Inet6Address) {
      ipv6[t].increment();
    }
    int opt = response.length - OPT_LENGTH;
    if (opt >= 12
        && (response[10] | response[11]) != 0
        && response[opt] == 0
        && u16(response, opt + 1) == TYPE_OPT
        && u16(response, opt + 9) == 0) {
      edns[t].increment();
      if ((response[opt + 7] & 0x80) != 0) {
        ednsDo[t].increment();
      }
    }
    return response;
  }

  @Override
  public void limited(boolean slipped) {
    (slipped ? rrlSlipped : rrlDropped).increment();
  }

  long responseCount(Transport transport, int rcodeSlot) {
    return responses[transport.ordinal()][rcodeSlot].sum();
  }

  long queryCount(Transport transport, int qtypeSlot) {
    return byType[transport.ordinal()][qtypeSlot].sum();
  }

  long truncatedCount(Transport transport) {
    return truncated[transport.ordinal()].sum();
  }

  long droppedCount(Transport transport) {
    return dropped[transport.ordinal()].sum();
  }

  long tcpAcceptedCount() {
    return tcpAccepted.sum();
  }

  long tcpRefusedCount() {
    return tcpRefused.sum();
  }

  /** Responses to IPv6 clients. */
  long ipv6Count(Transport transport) {
    return ipv6[transport.ordinal()].sum();
  }

  /** Responses with EDNS (the query had an OPT record). */
  long ednsCount(Transport transport) {
    return edns[transport.ordinal()].sum();
  }

  /** Responses with EDNS and the DO bit (RFC 3225: echoed from the query). */
  long ednsDoCount(Transport transport) {
    return ednsDo[transport.ordinal()].sum();
  }

  /** UDP responses over the rate limit that were dropped. */
  long rrlDroppedCount() {
    return rrlDropped.sum();
  }

  /** UDP responses over the rate limit sent as an empty TC=1 answer instead. */
  long rrlSlippedCount() {
    return rrlSlipped.sum();
  }

  /** The label of an rcode slot: the mnemonic (RFC 6895 §2.3 registry) or {@code other}. */
  static String rcodeLabel(int slot) {
    return slot == OTHER_RCODE ? "other" : Rcode.string(slot);
  }

  static int rcodeSlot(int rcode) {
    return rcode >= 0 && rcode < NAMED_RCODES ? rcode : OTHER_RCODE;
  }

  static int qtypeSlot(int qtype) {
    return switch (qtype) {
      case Type.A -> 0;
      case Type.NS -> 1;
      case Type.CNAME -> 2;
      case Type.SOA -> 3;
      case Type.PTR -> 4;
      case Type.MX -> 5;
      case Type.TXT -> 6;
      case Type.AAAA -> 7;
      case Type.SRV -> 8;
      case Type.NAPTR -> 9;
      case Type.DS -> 10;
      case Type.DNSKEY -> 11;
      case Type.SVCB -> 12;
      case Type.HTTPS -> 13;
      case Type.CAA -> 14;
      case Type.ANY -> 15;
      case Type.AXFR -> 16;
      case Type.IXFR -> 17;
      default -> QTYPE_LABELS.length - 1;
    };
  }

  private static int u16(byte[] message, int at) {
    return ((message[at] & 0xFF) << 8) | (message[at + 1] & 0xFF);
  }

  private static LongAdder[][] adders(int rows, int columns) {
    LongAdder[][] adders = new LongAdder[rows][columns];
    for (LongAdder[] row : adders) {
      for (int i = 0; i < columns; i++) {
        row[i] = new LongAdder();
      }
    }
    return adders;
  }
}
