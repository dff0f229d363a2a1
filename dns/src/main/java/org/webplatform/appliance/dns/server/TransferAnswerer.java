package org.webplatform.appliance.dns.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Answers the queries whose response depends on who asks or takes several messages: zone
 * transfers (AXFR, IXFR). Asked before the {@link QueryAnswerer} for every query; a null answer
 * hands the query on to it.
 *
 * <p>Contract: called on an I/O thread for every query, concurrently from several threads; it must
 * be thread-safe, must not block and should not throw. Telling a query it does not handle must be
 * cheap (a few reads of the header and question). It must not keep {@code query} past the call.
 */
@FunctionalInterface
public interface TransferAnswerer {

  /** Handles nothing: every query goes to the {@link QueryAnswerer}. */
  TransferAnswerer NONE = (query, client, transport) -> null;

  /**
   * @param query the message between position and limit, without the TCP length prefix; position
   *     and content are left unchanged
   * @param client the address the query came from; null when unknown (treat as a stranger)
   * @return null when this is not a query for this answerer; else the response messages (over
   *     UDP only the first one is sent)
   */
  ResponseStream answer(ByteBuffer query, InetSocketAddress client, Transport transport);
}
