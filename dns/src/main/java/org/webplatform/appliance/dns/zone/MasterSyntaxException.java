package org.webplatform.appliance.dns.zone;

/** A master file could not be split into entries (unbalanced parentheses, open quote). */
final class MasterSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;

  MasterSyntaxException(int line, String message) {
    super(message);
    this.line = line;
  }

  int line() {
    return line;
  }
}
