package org.webplatform.appliance.dns.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.webplatform.appliance.dns.answer.Answer;
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

  /**
   * The answer to a query from {@code client}, which may follow later (a forwarded query); the
   * transport sends it when it completes. This is what the listeners call. By default the answer
   * of {@link #answer(ByteBuffer, Transport)}, at once, whoever the client.
   *
   * @param client the query's source; null when unknown
   */
  default Answer answer(ByteBuffer query, Transport transport, InetSocketAddress client) {
    return Answer.now(answer(query, transport));
  }
}
