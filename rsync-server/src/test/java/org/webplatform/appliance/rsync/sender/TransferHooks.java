package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import java.nio.file.Path;

/** Test-only bridge to SenderSession's package-private transfer hook. */
public final class TransferHooks {
  /** What a test does to a file at the two points of a transfer. */
  public interface Action {
    void run(Path file, long length) throws IOException;
  }

  private TransferHooks() {}

  /** Runs {@code beforeOpen} (length -1) and {@code afterOpen} for every file sent; null = none. */
  public static void install(Action beforeOpen, Action afterOpen) {
    SenderSession.transferHook =
        new SenderSession.TransferHook() {
          @Override
          public void beforeOpen(Path file) throws IOException {
            if (beforeOpen != null) {
              beforeOpen.run(file, -1);
            }
          }

          @Override
          public void afterOpen(Path file, long length) throws IOException {
            if (afterOpen != null) {
              afterOpen.run(file, length);
            }
          }
        };
  }

  public static void clear() {
    SenderSession.transferHook = null;
  }
}
