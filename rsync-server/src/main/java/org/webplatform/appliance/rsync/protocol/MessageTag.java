package org.webplatform.appliance.rsync.protocol;

/** Multiplex message tags (io.c, rsync.h enum msgcode); a frame header is (7 + tag) << 24 | len. */
public final class MessageTag {
  public static final int DATA = 0;
  public static final int ERROR_XFER = 1;
  public static final int INFO = 2;
  public static final int ERROR = 3;
  public static final int WARNING = 4;
  public static final int IO_ERROR = 22;
  public static final int IO_TIMEOUT = 33;
  public static final int NOOP = 42;
  public static final int ERROR_EXIT = 86;
  public static final int NO_SEND = 102;

  /** Offset added to a tag in the frame header (MPLEX_BASE). */
  public static final int MPLEX_BASE = 7;

  private MessageTag() {}
}
