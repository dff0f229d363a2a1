package org.webplatform.appliance.dns.answer;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.Rcode;

/**
 * Turns one DNS query message into the response message. Pure: no I/O, thread-safe, reads the
 * current {@link ZoneSet} snapshot once per query.
 *
 * <p>Two paths give byte-identical results. The general path ({@link QueryProcessor}) parses with
 * dnsjava and handles every case. The fast path serves queries of the common shape (see {@link
 * MemoKey}) from a per-snapshot {@link ResponseMemo} of responses the general path produced
 * earlier: it parses the header and name in place, looks the key up, copies the image and patches
 * ID, RD, CD and the question's case. A new snapshot from the supplier starts a new memo.
 *
 * <p>Names outside our zones are refused, unless the {@link Recursion} allows the client: then
 * they are answered from its cache, or resolved upstream and the {@link Answer} follows later.
 * Such answers are never memoised (their TTLs decay), nor are those holding records picked per
 * query (round-robin and weighted pools). Every response to a client that may recurse has RA
 * set, authoritative ones included, as BIND does: recursion is available to that client.
 *
 * <p>Observer calls happen once per query: on the calling thread, or for an answer that follows
 * on the thread that completes it.
 */
public final class Responder {
  /** Default bound of the memo (entries), about 200 bytes each for typical answers. */
  static final int DEFAULT_MEMO_CAPACITY = 200_000;

  private static final int HEADER_LENGTH = 12;
  private static final int FLAG_RA = 0x80; // in the fourth octet of the header
  private static final ThreadLocal<MemoKey> PROBE = ThreadLocal.withInitial(MemoKey::new);

  private final Supplier<ZoneSet> zones;
  private final int maxUdpPayload;
  private final AnswerObserver observer;
  private final boolean fastPath;
  private final int memoCapacity;
  private final QueryProcessor processor;
  private final Recursion recursion;
  private volatile ResponseMemo memo;

  /**
   * @param zones the snapshot to answer from, read once per query
   * @param maxUdpPayload the largest UDP response we send and the size we advertise in our OPT
   *     (RFC 6891 §6.2.5); values below 512 are raised to 512
   * @param observer told about every response and every dropped packet
   */
  public Responder(Supplier<ZoneSet> zones, int maxUdpPayload, AnswerObserver observer) {
    this(zones, maxUdpPayload, observer, Recursion.NONE);
  }

  /**
   * @param recursion answers names outside our zones for the clients it allows
   */
  public Responder(
      Supplier<ZoneSet> zones, int maxUdpPayload, AnswerObserver observer, Recursion recursion) {
    this(zones, maxUdpPayload, observer, recursion, true, DEFAULT_MEMO_CAPACITY);
  }

  Responder(
      Supplier<ZoneSet> zones,
      int maxUdpPayload,
      AnswerObserver observer,
      boolean fastPath,
      int memoCapacity) {
    this(zones, maxUdpPayload, observer, Recursion.NONE, fastPath, memoCapacity);
  }

  Responder(
      Supplier<ZoneSet> zones,
      int maxUdpPayload,
      AnswerObserver observer,
      Recursion recursion,
      boolean fastPath,
      int memoCapacity) {
    this.zones = zones;
    this.maxUdpPayload = Math.max(Edns.MIN_PAYLOAD, Math.min(maxUdpPayload, Edns.TCP_LIMIT));
    this.observer = observer;
    this.fastPath = fastPath;
    this.memoCapacity = memoCapacity;
    this.recursion = recursion;
    this.processor = new QueryProcessor(this.maxUdpPayload, recursion);
    this.memo = new ResponseMemo(ZoneSet.EMPTY, memoCapacity);
  }

  /**
   * The response when the client does not matter: names outside our zones are refused.
   *
   * @param query the query message (position..limit), without the TCP length prefix; its position
   *     and content are left unchanged
   * @return the response message, or {@code null} when nothing must be sent
   */
  public byte[] respond(ByteBuffer query, Transport transport) {
    return respond(query, transport, null).now();
  }

  /**
   * The answer to a query from {@code client}: complete now, except for a name outside our zones
   * that a recursion client asks and the cache does not hold, which follows later.
   *
   * @param query the query message (position..limit), without the TCP length prefix; its position
   *     and content are left unchanged, and it is not used after the call
   * @param client the query's source address; null when unknown (never recursion)
   */
  public Answer respond(ByteBuffer query, Transport transport, InetAddress client) {
    boolean recursionClient = client != null && recursion.allows(client);
    ZoneSet snapshot = zones.get();
    Outcome outcome;
    try {
      if (fastPath) {
        MemoKey key = PROBE.get();
        if (key.parse(query, transport, maxUdpPayload)) {
          ResponseMemo current = memoFor(snapshot);
          byte[] hit = current.get(key);
          // The memo holds class IN only, where REFUSED means "outside our zones": a client that
          // may recurse has such a name resolved instead.
          if (hit != null && !(recursionClient && MemoRecord.rcode(hit) == Rcode.REFUSED)) {
            observer.answered(
                transport, MemoRecord.qtype(hit), MemoRecord.rcode(hit), MemoRecord.truncated(hit));
            byte[] response = MemoRecord.render(hit, query);
            return Answer.now(recursionClient ? recursionAvailable(response) : response);
          }
          outcome = processor.process(copy(query), transport, snapshot, recursionClient);
          if (outcome != null && outcome.memoisable()) {
            current.put(key, outcome);
          }
          return report(outcome, transport, recursionClient);
        }
      }
      outcome = processor.process(copy(query), transport, snapshot, recursionClient);
    } catch (RuntimeException e) {
      // A bug must not kill the I/O thread; the client gets SERVFAIL (RFC 1035 §4.1.1).
      outcome = serverFailure(query);
    }
    return report(outcome, transport, recursionClient);
  }

  /** Number of memoised responses for the current snapshot (for stats and tests). */
  int memoSize() {
    return memo.size();
  }

  private ResponseMemo memoFor(ZoneSet snapshot) {
    ResponseMemo current = memo;
    if (current.zones() != snapshot) {
      // Racing threads may each build one; the last write wins and the others are garbage.
      current = new ResponseMemo(snapshot, memoCapacity);
      memo = current;
    }
    return current;
  }

  private Answer report(Outcome outcome, Transport transport, boolean recursionClient) {
    if (outcome == null) {
      observer.dropped(transport);
      return Answer.now(null);
    }
    if (outcome.later() != null) {
      return Answer.later(
          outcome
              .later()
              .handle(
                  (done, error) -> {
                    if (done == null) {
                      observer.dropped(transport); // unreachable: the stage always completes
                      return null;
                    }
                    return finish(done, transport, recursionClient);
                  }));
    }
    return Answer.now(finish(outcome, transport, recursionClient));
  }

  private byte[] finish(Outcome outcome, Transport transport, boolean recursionClient) {
    observer.answered(transport, outcome.qtype(), outcome.rcode(), outcome.truncated());
    // Memoised images were copied in put(), so the outcome's own array may be changed here.
    return recursionClient ? recursionAvailable(outcome.wire()) : outcome.wire();
  }

  /** Sets RA (RFC 1035 §4.1.1) in {@code response}, which must be a fresh array; returns it. */
  private static byte[] recursionAvailable(byte[] response) {
    response[3] |= (byte) FLAG_RA;
    return response;
  }

  private static byte[] copy(ByteBuffer query) {
    byte[] bytes = new byte[query.remaining()];
    query.get(query.position(), bytes);
    return bytes;
  }

  private static Outcome serverFailure(ByteBuffer query) {
    int base = query.position();
    if (query.remaining() < HEADER_LENGTH || (query.get(base + 2) & 0x80) != 0) {
      return null;
    }
    int id = ((query.get(base) & 0xFF) << 8) | (query.get(base + 1) & 0xFF);
    int flags = ((query.get(base + 2) & 0xFF) << 8) | (query.get(base + 3) & 0xFF);
    return ResponseEncoder.encode(id, flags, null, Rcode.SERVFAIL, null, null, 0, HEADER_LENGTH);
  }
}
