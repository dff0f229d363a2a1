package org.webplatform.appliance.dns.transfer;

/** SOA serial arithmetic (RFC 1982 §3.2, SERIAL_BITS = 32). */
public final class Serials {
  private Serials() {}

  /** True when {@code serial} equals {@code reference} or is newer than it. */
  public static boolean atLeast(long serial, long reference) {
    long distance = (serial - reference) & 0xFFFFFFFFL;
    return distance < 0x80000000L;
  }
}
