package org.webplatform.appliance.dns.zone;

import java.nio.file.Path;

/** A problem in a zone file, reported as {@code file:line: message} (line 0: whole file). */
public record ZoneError(Path file, int line, String message) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
