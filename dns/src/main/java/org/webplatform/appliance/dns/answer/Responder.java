package org.webplatform.appliance.dns.answer;

import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.webplatform.appliance.dns.zone.ZoneSet;

/**
 * Turns one DNS query message into the response message. Pure: no I/O, thread-safe, reads the
 * current {@link ZoneSet} snapshot once per query. (STUB: implementation in progress.)
 */
public final class Responder {

  public Responder(Supplier<ZoneSet> zones, int maxUdpPayload, AnswerObserver observer) {}

  /**
   * @param query the query message (position..limit), without the TCP length prefix
   * @return the response message, or {@code null} when nothing must be sent
   */
  public byte[] respond(ByteBuffer query, Transport transport) {
    throw new UnsupportedOperationException("stub");
  }
}
