package org.webplatform.appliance.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One log line per event: {@code <subsystem>: <message> key=value...}.
 *
 * <p>Under systemd (stdout is the journal: {@code JOURNAL_STREAM} is set, systemd.exec(5)) a line
 * starts with the sd-daemon(3) priority prefix such as {@code <6>} and carries no timestamp —
 * journald adds its own. Every line of a stack trace gets the prefix too, or journald would file
 * the continuation lines at the default priority. On a terminal a line starts with an ISO-8601
 * UTC timestamp and the level instead.
 *
 * <p>The subsystem is the module a logger belongs to ({@code dns}, {@code daemon}...), taken from
 * its package, so an admin can grep one role's lines; a library's lines show its package.
 */
public final class LogLineLayout extends LayoutBase<ILoggingEvent> {
  private static final String BASE_PACKAGE = "org.webplatform.appliance.";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final boolean journal;

  public LogLineLayout() {
    this(System.getenv("JOURNAL_STREAM") != null);
  }

  LogLineLayout(boolean journal) {
    this.journal = journal;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    String prefix = prefix(event);
    StringBuilder line = new StringBuilder(128).append(prefix);
    line.append(subsystem(event.getLoggerName())).append(": ").append(event.getFormattedMessage());
    Map<String, String> fields = event.getMDCPropertyMap();
    if (fields != null) {
      for (Map.Entry<String, String> field : fields.entrySet()) {
        line.append(' ').append(field.getKey()).append('=').append(field.getValue());
      }
    }
    line.append('\n');
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      line.append(prefix).append(t == event.getThrowableProxy() ? "" : "caused by: ");
      line.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
      for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
        line.append(prefix).append("    ").append(frame.getSTEAsString()).append('\n');
      }
    }
    return line.toString();
  }

  private String prefix(ILoggingEvent event) {
    if (journal) {
      return "<" + priority(event.getLevel()) + ">";
    }
    return TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp()))
        + " " + String.format("%-5s", event.getLevel()) + " ";
  }

  /** syslog(3) priorities, as journald reads them from the prefix. */
  static int priority(Level level) {
    return switch (level.toInt()) {
      case Level.ERROR_INT -> 3;
      case Level.WARN_INT -> 4;
      case Level.INFO_INT -> 6;
      default -> 7;
    };
  }

  static String subsystem(String loggerName) {
    if (loggerName.startsWith(BASE_PACKAGE)) {
      String rest = loggerName.substring(BASE_PACKAGE.length());
      int dot = rest.indexOf('.');
      return dot < 0 ? rest : rest.substring(0, dot);
    }
    // A library's logger: its package, e.g. io.netty.channel.
    int dot = loggerName.lastIndexOf('.');
    return dot < 0 ? loggerName : loggerName.substring(0, dot);
  }
}
