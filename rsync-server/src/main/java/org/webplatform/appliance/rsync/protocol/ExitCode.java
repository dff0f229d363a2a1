package org.webplatform.appliance.rsync.protocol;

/** rsync's exit codes (errcode.h), as the stock client reports them. */
public final class ExitCode {
  public static final int OK = 0;
  public static final int SYNTAX = 1;
  public static final int PROTOCOL = 2;
  public static final int FILE_SELECT = 3;
  public static final int UNSUPPORTED = 4;
  public static final int START_CLIENT = 5;
  public static final int SOCKET_IO = 10;
  public static final int FILE_IO = 11;
  public static final int STREAM_IO = 12;
  public static final int PARTIAL = 23;
  public static final int VANISHED = 24;
  public static final int TIMEOUT = 30;

  private ExitCode() {}

  /** The text rsync's log.c prints for a code ("rsync error: TEXT (code N)"). */
  public static String describe(int code) {
    switch (code) {
      case SYNTAX:
        return "syntax or usage error";
      case PROTOCOL:
        return "protocol incompatibility";
      case FILE_SELECT:
        return "errors selecting input/output files, dirs";
      case UNSUPPORTED:
        return "requested action not supported";
      case START_CLIENT:
        return "error starting client-server protocol";
      case SOCKET_IO:
        return "error in socket IO";
      case FILE_IO:
        return "error in file IO";
      case STREAM_IO:
        return "error in rsync protocol data stream";
      case PARTIAL:
        return "some files/attrs were not transferred (see previous errors)";
      case VANISHED:
        return "some files vanished before they could be transferred";
      case TIMEOUT:
        return "timeout in data send/receive";
      default:
        return "unexplained error";
    }
  }
}
