package org.webplatform.appliance.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.testing.NotifyReceiver;

class NotifySocketTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  @TempDir Path dir;

  @Test
  void sendsOneDatagramPerMessageToASocketFile() throws Exception {
    try (NotifyReceiver receiver = NotifyReceiver.bind(dir.resolve("notify"));
        NotifySocket socket = open(receiver.address())) {
      socket.send("READY=1\nSTATUS=up");
      socket.send("STOPPING=1");
      NotifyReceiver.Message first = receiver.next(WAIT);
      assertEquals("READY=1\nSTATUS=up", first.text());
      assertEquals("up", first.get("STATUS"));
      assertEquals("1", receiver.next(WAIT).get("STOPPING"));
    }
  }

  @Test
  void reachesAnAbstractSocketNamedWithAtSign() throws Exception {
    try (NotifyReceiver receiver = NotifyReceiver.bindAbstract();
        NotifySocket socket = open(receiver.address())) {
      assertTrue(receiver.address().startsWith("@"));
      socket.send("READY=1");
      assertEquals("READY=1", receiver.next(WAIT).text());
    }
  }

  @Test
  void isAbsentWithoutNotifySocket() throws Exception {
    assertEquals(Optional.empty(), NotifySocket.fromEnvironment(Map.of()));
    assertEquals(Optional.empty(), NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", "")));
  }

  @Test
  void rejectsAddressesThatAreNoUnixSocket() {
    String tooLong = "/" + "x".repeat(200);
    for (String bad : new String[] {"relative/notify", "vsock:2:1234", "@", tooLong}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NotifySocket.address(bad), bad);
      assertTrue(e.getMessage().startsWith("NOTIFY_SOCKET="), e.getMessage());
    }
  }

  @Test
  void reportsASocketNobodyListensOn() throws Exception {
    try (NotifySocket socket = open(dir.resolve("gone").toString())) {
      java.io.IOException e =
          assertThrows(java.io.IOException.class, () -> socket.send("READY=1"));
      assertTrue(e.getMessage().contains("NOTIFY_SOCKET=" + dir.resolve("gone")), e.getMessage());
    }
  }

  private static NotifySocket open(String address) throws Exception {
    return NotifySocket.fromEnvironment(Map.of("NOTIFY_SOCKET", address)).orElseThrow();
  }
}
