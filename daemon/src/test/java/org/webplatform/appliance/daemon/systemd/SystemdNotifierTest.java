package org.webplatform.appliance.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.testing.NotifyReceiver;

class SystemdNotifierTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void announcesReadyReloadAndStopInOrder() throws Exception {
    try (NotifyReceiver receiver = NotifyReceiver.bindAbstract();
        SystemdNotifier notifier = notifier(receiver)) {
      notifier.ready("serving dns");
      NotifyReceiver.Message ready = receiver.next(WAIT);
      assertEquals("1", ready.get("READY"));
      assertEquals("serving dns", ready.get("STATUS"));
      assertEquals("4242", ready.get("MAINPID"));

      long before = System.nanoTime() / 1_000;
      notifier.reloading();
      NotifyReceiver.Message reloading = receiver.next(WAIT);
      assertEquals("1", reloading.get("RELOADING"));
      long monotonic = Long.parseLong(reloading.get("MONOTONIC_USEC"));
      assertTrue(monotonic >= before && monotonic <= System.nanoTime() / 1_000, reloading.text());

      notifier.reloaded("serving dns (DEGRADED: zone x:\nline 3)");
      NotifyReceiver.Message reloaded = receiver.next(WAIT);
      assertEquals("1", reloaded.get("READY"));
      assertEquals("serving dns (DEGRADED: zone x: line 3)", reloaded.get("STATUS"));

      notifier.stopping();
      assertEquals("1", receiver.next(WAIT).get("STOPPING"));
    }
  }

  @Test
  void aReloadBeforeReadyOrAfterStoppingIsNotAnnounced() throws Exception {
    try (NotifyReceiver receiver = NotifyReceiver.bindAbstract();
        SystemdNotifier notifier = notifier(receiver)) {
      notifier.reloading(); // SIGHUP while starting: READY=1 must still mean "started"
      notifier.reloaded("x");
      notifier.status("starting");
      assertEquals("starting", receiver.next(WAIT).get("STATUS"));

      notifier.stopping(); // SIGTERM while starting
      notifier.ready("serving dns");
      notifier.reloading();
      notifier.reloaded("x");
      notifier.status("stopped");
      assertEquals("1", receiver.next(WAIT).get("STOPPING"));
      // Datagrams on one socket keep their order: "stopped" arriving next proves nothing else came.
      assertEquals("STATUS=stopped", receiver.next(WAIT).text());
      assertFalse(receiver.hasPending());
    }
  }

  @Test
  void withoutNotifySocketEveryCallIsANoOp() {
    try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of(), 1)) {
      notifier.ready("serving");
      notifier.reloading();
      notifier.reloaded("serving");
      notifier.stopping();
    }
  }

  @Test
  void aBadNotifySocketDisablesNotificationsInsteadOfFailing() {
    try (SystemdNotifier notifier =
        SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:99"), 1)) {
      notifier.ready("serving");
    }
  }

  private static SystemdNotifier notifier(NotifyReceiver receiver) {
    return SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", receiver.address()), 4242);
  }
}
