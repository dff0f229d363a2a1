package org.webplatform.appliance.dns.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.transfer.XfrFixture.name;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.webplatform.appliance.dns.server.Await;
import org.webplatform.appliance.dns.zone.Zone;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** NOTIFY to a scripted secondary on a loopback UDP socket. */
class NotifySenderTest {
  private static final Duration FIRST_RETRY = Duration.ofMillis(150);
  private static final String ZONE = "example.internal.";
  private static final TSIG KEY =
      new TSIG(TSIG.HMAC_SHA256, name("xfr-key."), "0123456789abcdef0123456789abcdef".getBytes());

  private final TransferMetrics metrics = TransferMetrics.unregistered();
  private final Zone zone = XfrFixture.zones().zone(name(ZONE));
  private DatagramSocket secondary;
  private NotifySender sender;

  @BeforeEach
  void openSecondary() throws IOException {
    secondary = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    secondary.setSoTimeout(5000);
  }

  @AfterEach
  void close() {
    if (sender != null) {
      sender.close();
    }
    secondary.close();
  }

  private NotifyTarget target(TSIG key) {
    InetSocketAddress address = (InetSocketAddress) secondary.getLocalSocketAddress();
    return new NotifyTarget(address, key, key == null ? "none" : "xfr-key");
  }

  private void start(TSIG key, int maxAttempts) throws Exception {
    sender =
        new NotifySender(
            List.of(target(key)),
            Optional.of(InetAddress.getLoopbackAddress()),
            metrics,
            FIRST_RETRY,
            maxAttempts);
    sender.start();
  }

  /** One datagram the sender sent, with its source. */
  private record Received(Message message, byte[] wire, InetSocketAddress from, long nanos) {}

  private Received receive() throws IOException {
    byte[] buffer = new byte[4096];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    secondary.receive(packet);
    byte[] wire = Arrays.copyOf(buffer, packet.getLength());
    return new Received(
        new Message(wire), wire, (InetSocketAddress) packet.getSocketAddress(), System.nanoTime());
  }

  private void reply(Received request, int rcode, TSIG key) throws IOException {
    Message response = new Message(request.message().getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    response.getHeader().setOpcode(Opcode.NOTIFY);
    response.getHeader().setRcode(rcode);
    response.addRecord(request.message().getQuestion(), Section.QUESTION);
    if (key != null) {
      key.apply(response, request.message().getTSIG());
    }
    byte[] wire = response.toWire();
    secondary.send(new DatagramPacket(wire, wire.length, request.from()));
  }

  @Test
  void notifyCarriesTheZoneAndItsSoaAndEndsWhenAcknowledged() throws Exception {
    start(null, 5);

    sender.notify(zone);
    Received request = receive();

    Message notify = request.message();
    assertEquals(Opcode.NOTIFY, notify.getHeader().getOpcode());
    assertTrue(notify.getHeader().getFlag(Flags.AA), "RFC 1996 §3.7");
    assertEquals(name(ZONE), notify.getQuestion().getName());
    assertEquals(Type.SOA, notify.getQuestion().getType());
    SOARecord soa = (SOARecord) notify.getSection(Section.ANSWER).get(0);
    assertEquals(XfrFixture.SERIAL, soa.getSerial());
    assertEquals(InetAddress.getLoopbackAddress(), request.from().getAddress(), "notify_source");
    reply(request, Rcode.NOERROR, null);
    Await.until(Duration.ofSeconds(5), "acked", () -> metrics.notifies(ZONE, true) == 1);
    assertNoDatagram(FIRST_RETRY.multipliedBy(3));
  }

  @Test
  void unansweredNotifyIsSentAgainWithBackoffAndNewIdsThenGivenUp() throws Exception {
    start(null, 3);

    sender.notify(zone);
    List<Received> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(receive());
    }

    long firstGap = sent.get(1).nanos() - sent.get(0).nanos();
    long secondGap = sent.get(2).nanos() - sent.get(1).nanos();
    assertTrue(firstGap >= FIRST_RETRY.toNanos() * 9 / 10, "first retry after " + firstGap);
    assertTrue(secondGap >= FIRST_RETRY.toNanos() * 2 * 9 / 10, "doubled: " + secondGap);
    assertNotEquals(
        sent.get(0).message().getHeader().getID(), sent.get(1).message().getHeader().getID());
    Await.until(Duration.ofSeconds(5), "given up", () -> metrics.notifies(ZONE, false) == 1);
    assertNoDatagram(FIRST_RETRY.multipliedBy(3));
  }

  @Test
  void lateAnswerToAnEarlierSendStillCounts() throws Exception {
    start(null, 5);

    sender.notify(zone);
    Received first = receive();
    receive(); // the retry
    reply(first, Rcode.NOERROR, null);

    Await.until(Duration.ofSeconds(5), "acked", () -> metrics.notifies(ZONE, true) == 1);
  }

  @Test
  void signedNotifyNeedsASignedAnswerFromTheSameKey() throws Exception {
    start(KEY, 5);

    sender.notify(zone);
    Received request = receive();
    assertNotNull(request.message().getTSIG());
    assertEquals(Rcode.NOERROR, KEY.verify(request.message(), request.wire(), null));
    reply(request, Rcode.NOERROR, null); // unsigned: not an answer
    Received retry = receive();
    TSIG otherSecret =
        new TSIG(TSIG.HMAC_SHA256, name("xfr-key."), "fedcba9876543210fedcba9876543210".getBytes());
    reply(retry, Rcode.NOERROR, otherSecret); // BADSIG: not an answer either
    assertEquals(0, metrics.notifies(ZONE, true));
    Received third = receive();
    reply(third, Rcode.NOERROR, KEY);

    Await.until(Duration.ofSeconds(5), "acked", () -> metrics.notifies(ZONE, true) == 1);
  }

  @Test
  void notimpEndsTheNotificationWithoutRetries() throws Exception {
    start(null, 5);

    sender.notify(zone);
    reply(receive(), Rcode.NOTIMP, null);

    Await.until(Duration.ofSeconds(5), "ended", () -> metrics.notifies(ZONE, false) == 1);
    assertNoDatagram(FIRST_RETRY.multipliedBy(3));
  }

  @Test
  void refusedIsRetriedLikeALostDatagram() throws Exception {
    start(null, 2);

    sender.notify(zone);
    reply(receive(), Rcode.REFUSED, null);
    reply(receive(), Rcode.REFUSED, null);

    Await.until(Duration.ofSeconds(5), "failed", () -> metrics.notifies(ZONE, false) == 1);
    assertEquals(2, metrics.notifyMessages(ZONE), "the first send and one retry");
  }

  private void assertNoDatagram(Duration wait) throws IOException {
    secondary.setSoTimeout((int) wait.toMillis());
    try {
      Received unexpected = receive();
      throw new AssertionError("unexpected datagram: " + unexpected.message());
    } catch (SocketTimeoutException expected) {
      // nothing more was sent
    }
  }
}
