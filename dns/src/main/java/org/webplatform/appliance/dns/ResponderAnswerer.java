package org.webplatform.appliance.dns;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.webplatform.appliance.dns.answer.Answer;
import org.webplatform.appliance.dns.answer.Responder;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.QueryAnswerer;

/** The listeners' view of the {@link Responder}: the client's address goes with every query. */
final class ResponderAnswerer implements QueryAnswerer {
  private final Responder responder;

  ResponderAnswerer(Responder responder) {
    this.responder = responder;
  }

  @Override
  public byte[] answer(ByteBuffer query, Transport transport) {
    return responder.respond(query, transport);
  }

  @Override
  public Answer answer(ByteBuffer query, Transport transport, InetSocketAddress client) {
    return responder.respond(query, transport, client == null ? null : client.getAddress());
  }
}
