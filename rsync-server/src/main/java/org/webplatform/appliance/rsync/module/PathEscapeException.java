package org.webplatform.appliance.rsync.module;

import java.io.IOException;

/** A client-named path (or a symlink on it) would leave the module. */
public final class PathEscapeException extends IOException {
  private static final long serialVersionUID = 1L;

  public PathEscapeException(String message) {
    super(message);
  }
}
