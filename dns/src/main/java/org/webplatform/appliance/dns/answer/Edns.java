package org.webplatform.appliance.dns.answer;

/**
 * The EDNS(0) facts of a query that shape the response (RFC 6891 §6.1.3, RFC 3225).
 *
 * @param payload the requestor's UDP payload size
 * @param version the EDNS version; above 0 the answer is BADVERS
 * @param dnssecOk the DO bit, echoed in the response (RFC 3225 §3)
 */
record Edns(int payload, int version, boolean dnssecOk) {
  /** RFC 6891 §6.2.5: values below 512 are treated as 512. */
  static final int MIN_PAYLOAD = 512;

  /** Without EDNS, a UDP response is limited to 512 octets (RFC 1035 §4.2.1). */
  static final int CLASSIC_UDP_LIMIT = 512;

  /** The largest DNS message over TCP (two-octet length prefix, RFC 1035 §4.2.2). */
  static final int TCP_LIMIT = 65535;

  /** The size the response must fit into. {@code edns} may be null (no OPT in the query). */
  static int responseLimit(Edns edns, Transport transport, int maxUdpPayload) {
    return responseLimit(edns != null, edns != null ? edns.payload : 0, transport, maxUdpPayload);
  }

  static int responseLimit(boolean present, int payload, Transport transport, int maxUdpPayload) {
    if (transport == Transport.TCP) {
      return TCP_LIMIT;
    }
    if (!present) {
      return CLASSIC_UDP_LIMIT;
    }
    return Math.min(Math.max(payload, MIN_PAYLOAD), maxUdpPayload);
  }
}
