package org.webplatform.appliance.dns.rrl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.webplatform.appliance.dns.answer.AnswerObserver;
import org.webplatform.appliance.dns.answer.Responder;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.RawDnsClient;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.webplatform.appliance.dns.zone.ZoneSetLoad;

/** Real responses of the real responder over {@code zones-server/}, as the limiter gets them. */
final class Responses {
  private static final ZoneSet ZONES = load();
  private static final Responder RESPONDER = new Responder(() -> ZONES, 1232, AnswerObserver.NONE);

  private Responses() {}

  private static ZoneSet load() {
    try {
      Path dir = Path.of(Responses.class.getResource("/zones-server").toURI());
      ZoneSetLoad load = ZoneDirectory.load(dir, ZoneSet.EMPTY);
      assertEquals(List.of(), load.errors(), "fixture zones must load cleanly");
      return load.zones();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The UDP response to {@code name}/{@code type}; with EDNS when {@code ednsSize} is above 0. */
  static byte[] udp(String name, int type, int ednsSize) {
    byte[] query = RawDnsClient.query(name, type, 4242, ednsSize);
    return RESPONDER.respond(ByteBuffer.wrap(query), Transport.UDP);
  }

  static byte[] udp(String name, int type) {
    return udp(name, type, 0);
  }
}
