package org.webplatform.appliance.dns.server;

import java.net.InetSocketAddress;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * The last step before a response leaves: it may count it, replace it (with a truncated answer,
 * for instance) or drop it. Both listeners pass every response through their gate.
 *
 * <p>Contract: called on an I/O thread for every response, concurrently from several threads; it
 * must be thread-safe, must not block and must not throw. It must not keep {@code response}.
 */
@FunctionalInterface
public interface ResponseGate {

  /** Lets every response through unchanged. */
  ResponseGate OPEN = (response, client, transport) -> response;

  /**
   * @param response the response computed for {@code client}'s query
   * @param client who sent the query and gets the response; null when the channel has no IP
   *     address (embedded test channels)
   * @return the message to send, or {@code null} to send nothing
   */
  byte[] pass(byte[] response, InetSocketAddress client, Transport transport);

  /** This gate, then {@code next} on what this one let through. */
  default ResponseGate then(ResponseGate next) {
    if (next == OPEN) {
      return this;
    }
    return (response, client, transport) -> {
      byte[] passed = pass(response, client, transport);
      return passed == null ? null : next.pass(passed, client, transport);
    };
  }
}
