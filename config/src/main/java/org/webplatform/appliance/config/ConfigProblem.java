package org.webplatform.appliance.config;

/**
 * One thing wrong with a config file, located at a line (1-based; 0 when the whole file is
 * meant). Printed the way compilers print it, {@code file:line: message}, so editors can jump.
 */
public record ConfigProblem(String source, int line, String message) {
  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ": " + message : source + ": " + message;
  }
}
