package org.webplatform.appliance.graphs.render;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** Mailgraph's four periods, with the spans mailgraph.cgi draws. */
public enum Period {
  DAY("day", "Last Day", Duration.ofSeconds(86_400)),
  WEEK("week", "Last Week", Duration.ofSeconds(604_800)),
  MONTH("month", "Last Month", Duration.ofSeconds(2_678_400)),
  YEAR("year", "Last Year", Duration.ofSeconds(31_536_000));

  private final String key;
  private final String heading;
  private final Duration span;

  Period(String key, String heading, Duration span) {
    this.key = key;
    this.heading = heading;
    this.span = span;
  }

  /** The name used in URLs and on the command line. */
  public String key() {
    return key;
  }

  public String heading() {
    return heading;
  }

  public Duration span() {
    return span;
  }

  public static Optional<Period> byKey(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }
}
