package org.webplatform.appliance.dns.server;

import java.nio.ByteBuffer;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Turns one DNS query message into its response message.
 *
 * <p>Contract: called on an I/O thread for every query, concurrently from several threads; it must
 * be thread-safe, must not block and should not throw (a thrown exception drops the query). It must
 * not keep {@code query} past the call: the buffer is reused for the next packet.
 */
@FunctionalInterface
public interface QueryAnswerer {

  /**
   * @param query the message between position and limit, without the TCP length prefix
   * @return the response message, or {@code null} to send nothing
   */
  byte[] answer(ByteBuffer query, Transport transport);
}
