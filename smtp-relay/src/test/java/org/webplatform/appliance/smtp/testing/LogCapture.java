package org.webplatform.appliance.smtp.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records every log event while open (logback's root logger): logger name, formatted message and
 * the MDC at the time of the call, for tests of what the relay logs.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  /** One log event. */
  public record Line(String logger, String level, String message, Map<String, String> mdc) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final Logger root =
      (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  public LogCapture() {
    setContext(root.getLoggerContext());
    start();
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(new Line(event.getLoggerName(), event.getLevel().toString(),
        event.getFormattedMessage(), Map.copyOf(event.getMDCPropertyMap())));
  }

  public List<Line> lines() {
    return List.copyOf(lines);
  }

  /** Messages of the lines that contain {@code text}. */
  public List<String> messagesContaining(String text) {
    return lines.stream().map(Line::message).filter(m -> m.contains(text)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
