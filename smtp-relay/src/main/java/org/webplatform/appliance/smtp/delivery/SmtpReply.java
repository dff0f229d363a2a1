package org.webplatform.appliance.smtp.delivery;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply from the next hop: code and text lines (RFC 5321 §4.2). {@link #status()} is the RFC
 * 3463 code it carries, or one derived from the reply code's class.
 */
public record SmtpReply(int code, List<String> lines) {
  private static final Pattern STATUS = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

  public SmtpReply {
    lines = List.copyOf(lines);
  }

  public boolean positive() {
    return code >= 200 && code < 400;
  }

  public boolean temporary() {
    return code >= 400 && code < 500;
  }

  public boolean permanent() {
    return code >= 500;
  }

  public String status() {
    if (!lines.isEmpty()) {
      Matcher m = STATUS.matcher(lines.get(0));
      if (m.find() && m.group(1).charAt(0) == Integer.toString(code).charAt(0)) {
        return m.group();
      }
    }
    return code / 100 + ".0.0";
  }

  /** The reply in one line, as Postfix logs it: {@code 550 5.1.1 <x>: Recipient unknown}. */
  @Override
  public String toString() {
    return code + " " + String.join(" ", lines);
  }
}
