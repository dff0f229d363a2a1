package org.webplatform.appliance.dns.pool;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Short, stable reasons for failed checks: they go into log lines and the pool listing. */
final class Failures {
  private static final int MAX_LENGTH = 160;

  private Failures() {}

  static String describe(Exception e, Duration timeout) {
    String reason;
    if (e instanceof SocketTimeoutException) {
      reason = "timed out after " + timeout.toMillis() + "ms";
    } else if (e instanceof ConnectException) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      reason = message.contains("refused") ? "connection refused" : "connect failed: " + message;
    } else if (e instanceof NoRouteToHostException) {
      reason = "no route to host";
    } else if (e instanceof SSLException) {
      reason = "tls: " + e.getMessage();
    } else {
      reason = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    // One log line per event: no line breaks or quotes from a peer's message; no JDK class names.
    reason = reason.replaceAll("[\\r\\n\"]", " ").replaceAll("\\b(\\w+\\.)+\\w+Exception: ", "");
    return reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) + "..." : reason;
  }
}
