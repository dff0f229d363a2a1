package org.webplatform.appliance.rsync.protocol;

import java.io.IOException;

/**
 * Ends one session with an rsync exit code and a message for the client. Thrown for malformed
 * streams, refused options and unsupported features; never escapes the session thread.
 */
public class SessionException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public SessionException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** A value read from the wire is out of bounds or the stream makes no sense. */
  public static SessionException protocol(String message) {
    return new SessionException(ExitCode.PROTOCOL, message);
  }
}
