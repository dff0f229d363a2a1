package org.webplatform.appliance.dns.server;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.webplatform.appliance.dns.answer.Transport;

/**
 * Answers every message with itself, QR set: enough to test the transport without zone data.
 * Records which threads answered and how many queries came over each transport.
 */
final class EchoAnswerer implements QueryAnswerer {
  final Set<String> threads = ConcurrentHashMap.newKeySet();
  final AtomicInteger udp = new AtomicInteger();
  final AtomicInteger tcp = new AtomicInteger();

  @Override
  public byte[] answer(ByteBuffer query, Transport transport) {
    threads.add(Thread.currentThread().getName());
    (transport == Transport.UDP ? udp : tcp).incrementAndGet();
    byte[] response = new byte[query.remaining()];
    query.get(query.position(), response);
    if (response.length > 2) {
      response[2] |= (byte) 0x80;
    }
    return response;
  }
}
