package org.webplatform.appliance.daemon.systemd;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd where the daemon is in its life, for {@code Type=notify} units (sd_notify(3)):
 * {@code READY=1} once every enabled role listens, {@code RELOADING=1} ... {@code READY=1} around
 * a SIGHUP reload, {@code STOPPING=1} when a stop begins. Without {@code NOTIFY_SOCKET} every
 * method does nothing.
 *
 * <p>The order rules live here, not at the call sites: a reload before the first {@code READY=1}
 * (a SIGHUP during start) or after {@code STOPPING=1} is not announced, because systemd would take
 * its closing {@code READY=1} for the end of start-up, or for the end of a stop. A failed send is
 * logged and otherwise ignored: notifications never stop the daemon from serving.
 */
public final class SystemdNotifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

  private final Optional<NotifySocket> socket;
  private final long mainPid;
  private boolean ready;
  private boolean stopping;

  SystemdNotifier(Optional<NotifySocket> socket, long mainPid) {
    this.socket = socket;
    this.mainPid = mainPid;
  }

  /** The notifier for this process's environment; a silent one when systemd did not ask. */
  public static SystemdNotifier fromEnvironment() {
    return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
  }

  static SystemdNotifier fromEnvironment(Map<String, String> environment, long mainPid) {
    try {
      Optional<NotifySocket> socket = NotifySocket.fromEnvironment(environment);
      socket.ifPresent(s -> log.info("systemd notifications on socket={}", s));
      return new SystemdNotifier(socket, mainPid);
    } catch (IOException | IllegalArgumentException e) {
      log.error("systemd notifications disabled error=\"{}\"", e.getMessage());
      return new SystemdNotifier(Optional.empty(), mainPid);
    }
  }

  /** Start-up is complete: every role listens. MAINPID names us in case a wrapper forked. */
  public synchronized void ready(String status) {
    if (stopping) {
      return;
    }
    ready = true;
    send("READY=1\nSTATUS=" + oneLine(status) + "\nMAINPID=" + mainPid);
  }

  /**
   * A reload begins. MONOTONIC_USEC lets systemd 253+ ({@code Type=notify-reload}) tell this
   * reload from an older one; older versions ignore the field.
   */
  public synchronized void reloading() {
    if (ready && !stopping) {
      send("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros() + "\nSTATUS=reloading");
    }
  }

  /** The reload is over (whatever its outcome: old data keeps serving on errors). */
  public synchronized void reloaded(String status) {
    if (ready && !stopping) {
      send("READY=1\nSTATUS=" + oneLine(status));
    }
  }

  /** A stop begins; nothing but {@link #status} is sent after this. */
  public synchronized void stopping() {
    stopping = true;
    send("STOPPING=1\nSTATUS=stopping");
  }

  /** Free-form status line, shown by {@code systemctl status}. */
  public synchronized void status(String status) {
    send("STATUS=" + oneLine(status));
  }

  /**
   * CLOCK_MONOTONIC in microseconds, as sd_notify's MONOTONIC_USEC wants it. HotSpot on Linux
   * implements {@link System#nanoTime()} with clock_gettime(CLOCK_MONOTONIC), so the two agree.
   */
  static long monotonicMicros() {
    return System.nanoTime() / 1_000;
  }

  /** A message is newline-separated KEY=VALUE assignments: a value must stay on one line. */
  private static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\r', ' ');
  }

  private void send(String message) {
    if (socket.isEmpty()) {
      return;
    }
    try {
      socket.get().send(message);
    } catch (IOException e) {
      log.warn("systemd notification failed message={} error=\"{}\"",
          message.lines().findFirst().orElse(""), e.getMessage());
    }
  }

  @Override
  public void close() {
    socket.ifPresent(NotifySocket::close);
  }
}
