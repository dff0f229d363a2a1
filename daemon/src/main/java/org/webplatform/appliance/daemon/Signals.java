package org.webplatform.appliance.daemon;

import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * POSIX signals the daemon reacts to. The JDK has no public API for SIGHUP, so this uses
 * {@code sun.misc.Signal} (module jdk.unsupported, kept for exactly this use).
 */
final class Signals {
  private Signals() {}

  /** SIGTERM (systemd stop) and SIGINT (Ctrl-C) both ask for a clean stop. */
  static void onTerminate(Consumer<String> handler) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> handler.accept(signal.getName()));
    }
  }

  /** SIGHUP: reload. The handler runs on the JVM's signal thread; keep it short or hand off. */
  static void onHangup(Runnable handler) {
    Signal.handle(
        new Signal("HUP"),
        signal -> {
          Thread reloader = new Thread(handler, "reload");
          reloader.setDaemon(true);
          reloader.start();
        });
  }
}
