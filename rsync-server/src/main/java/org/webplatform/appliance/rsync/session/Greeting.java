package org.webplatform.appliance.rsync.session;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code @RSYNCD: <proto>.<sub> [digests...]} line both sides send first
 * (clientserver.c exchange_protocols). Parsed leniently: the digest list and, for old clients,
 * the sub-protocol may be missing.
 */
record Greeting(int protocol, int subProtocol, List<String> digests) {
  /** What we speak: protocol 31 (see the notes: 32 adds nothing on the wire). */
  static final int OUR_PROTOCOL = 31;
  static final int MIN_PROTOCOL = 30;

  private static final Pattern LINE = Pattern.compile(
      "@RSYNCD: (\\d{1,4})(?:\\.(\\d{1,4}))?(?: (.*))?");

  static String ours(List<String> digests) {
    return "@RSYNCD: " + OUR_PROTOCOL + ".0 " + String.join(" ", digests) + "\n";
  }

  /** Null when the line is not a greeting at all. */
  static Greeting parse(String line) {
    Matcher m = LINE.matcher(line.strip());
    if (!m.matches()) {
      return null;
    }
    int proto = Integer.parseInt(m.group(1));
    int sub = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
    List<String> digests =
        m.group(3) == null || m.group(3).isBlank()
            ? null
            : Arrays.asList(m.group(3).trim().split("\\s+"));
    return new Greeting(proto, sub, digests);
  }
}
