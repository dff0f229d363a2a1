package org.webplatform.appliance.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLineLayoutTest {
  private final LoggerContext context = new LoggerContext();

  private LoggingEvent event(
      String logger, Level level, String message, Throwable t, Map<String, String> fields) {
    Logger l = context.getLogger(logger);
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), l, level, message, t, null);
    event.setMDCPropertyMap(fields);
    return event;
  }

  @Test
  void journalLinesCarryPriorityAndNoTimestamp() {
    LoggingEvent event =
        event("org.webplatform.appliance.dns.server.DnsServer", Level.INFO, "listening proto=udp", null,
            Map.of());
    assertEquals("<6>dns: listening proto=udp\n", new LogLineLayout(true).doLayout(event));
  }

  @Test
  void everyStackTraceLineIsPrefixedSoJournaldKeepsThePriority() {
    Exception cause = new IllegalStateException("inner");
    LoggingEvent event =
        event("org.webplatform.appliance.daemon.RunCommand", Level.ERROR, "start failed",
            new RuntimeException("outer", cause), Map.of());
    String text = new LogLineLayout(true).doLayout(event);
    for (String line : text.split("\n")) {
      assertTrue(line.startsWith("<3>"), line);
    }
    assertTrue(text.contains("<3>caused by: java.lang.IllegalStateException: inner"), text);
  }

  @Test
  void terminalLinesStartWithTimestampAndLevel() {
    LoggingEvent event =
        event("org.webplatform.appliance.daemon.RunCommand", Level.WARN, "x", null,
            Map.of("id", "4F2A1C"));
    String line = new LogLineLayout(false).doLayout(event);
    assertTrue(
        line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN  daemon: x id=4F2A1C\n"),
        line);
  }

  @Test
  void subsystemIsTheModuleOrTheLibrary() {
    assertEquals("dns", LogLineLayout.subsystem("org.webplatform.appliance.dns.zone.ZoneDirectory"));
    assertEquals(
        "io.netty.channel", LogLineLayout.subsystem("io.netty.channel.DefaultChannelPipeline"));
    assertEquals("plain", LogLineLayout.subsystem("plain"));
  }
}
