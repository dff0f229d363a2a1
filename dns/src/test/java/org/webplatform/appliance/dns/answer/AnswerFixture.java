package org.webplatform.appliance.dns.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.webplatform.appliance.dns.zone.ZoneSetLoad;

/** The zone set of {@code src/test/resources/zones-answer/}, loaded once. */
final class AnswerFixture {
  static final ZoneSet ZONES = load();

  private AnswerFixture() {}

  static Path zonesDir() {
    try {
      return Path.of(AnswerFixture.class.getResource("/zones-answer").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ZoneSet load() {
    ZoneSetLoad load = ZoneDirectory.load(zonesDir(), ZoneSet.EMPTY);
    assertEquals(List.of(), load.errors(), "fixture zones must load cleanly");
    return load.zones();
  }

  /** Records every observer call. */
  static final class RecordingObserver implements AnswerObserver {
    final List<String> events = new ArrayList<>();

    @Override
    public void answered(Transport transport, int qtype, int rcode, boolean truncated) {
      events.add("answered " + transport + " " + qtype + " " + rcode + " " + truncated);
    }

    @Override
    public void dropped(Transport transport) {
      events.add("dropped " + transport);
    }
  }
}
