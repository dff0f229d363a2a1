package org.webplatform.appliance.rsync.protocol;

import java.io.IOException;

/** Told when a read has waited {@code idleMillis} so far; may send a keep-alive or give up. */
@FunctionalInterface
public interface IdleHandler {
  void onIdle(long idleMillis) throws IOException;
}
