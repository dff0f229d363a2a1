package org.webplatform.appliance.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.smtp.queue.DeliveryState;
import org.webplatform.appliance.smtp.queue.Envelope;
import org.webplatform.appliance.smtp.queue.Origin;
import org.webplatform.appliance.smtp.queue.QueueFile;
import org.webplatform.appliance.smtp.queue.QueuedMessage;
import org.webplatform.appliance.smtp.queue.Spool;

class QueueFileTest {
  @TempDir Path dir;

  private static final Envelope ENVELOPE =
      new Envelope(Instant.ofEpochMilli(1_700_000_000_123L), "helo[127.0.0.1]", "a@anchor.test",
          List.of("x@remote.test", "\"q@z\"@remote.test"), Origin.UNTRUSTED);

  private String queue(Spool spool, byte[] content) throws IOException {
    Spool.Incoming in = spool.receive(ENVELOPE);
    in.content().write(content);
    in.commit();
    return in.id();
  }

  @Test
  void envelopeAndContentRoundTripIncludingLargeAndEmptyBodies() throws Exception {
    Spool spool = new Spool(dir, Clock.systemUTC());
    byte[] big = new byte[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i; // NUL bytes and 8-bit data too
    }
    byte[] streamed = Arrays.copyOf(big, QueuedMessage.IN_MEMORY_LIMIT + 1); // not read whole
    for (byte[] content :
        List.of(big, streamed, new byte[0], "x\r\n".getBytes(StandardCharsets.US_ASCII))) {
      String id = queue(spool, content);
      assertEquals(ENVELOPE, spool.envelope(id));
      try (InputStream in = spool.content(id)) {
        assertArrayEquals(content, in.readAllBytes());
      }
      QueuedMessage loaded = spool.load(id);
      assertEquals(ENVELOPE, loaded.envelope());
      assertEquals(content.length, loaded.contentSize());
      assertEquals(content != streamed, loaded.content() != null, "held in memory");
      for (int twice = 0; twice < 2; twice++) {
        try (InputStream in = loaded.open()) {
          assertArrayEquals(content, in.readAllBytes());
        }
      }
      assertEquals(content.length, spool.messageSize(id));
      assertTrue(spool.fileSize(id) > content.length);
    }
    assertEquals(4, spool.recover().size());
  }

  @Test
  void aRetiredFileHoldsTheNextMessageAndSpareFilesGoAtStart() throws Exception {
    Spool spool = new Spool(dir, Clock.systemUTC());
    String first =
        queue(spool, "Subject: first\r\n\r\n".repeat(50).getBytes(StandardCharsets.US_ASCII));
    Object inode = fileKey(dir.resolve("queue").resolve(first));
    assertTrue(spool.retire(first));
    assertFalse(spool.retire(first));
    assertTrue(spool.ids().isEmpty());
    assertThrows(NoSuchFileException.class, () -> spool.load(first));
    byte[] shorter = "x\r\n".getBytes(StandardCharsets.US_ASCII);
    String second = queue(spool, shorter);
    Path file = dir.resolve("queue").resolve(second);
    assertEquals(inode, fileKey(file), "the delivered message's file was reused");
    assertEquals(ENVELOPE, QueueFile.verify(file));
    // Written over in place, then cut to its length: nothing of the first message is left.
    Spool fresh = new Spool(dir.resolve("fresh"), Clock.systemUTC());
    assertEquals(Files.size(dir.resolve("fresh").resolve("queue").resolve(queue(fresh, shorter))),
        Files.size(file));
    try (InputStream in = spool.content(second)) {
      assertArrayEquals(shorter, in.readAllBytes());
    }
    // A big file is unlinked, not kept.
    String big = queue(spool, new byte[70_000]);
    assertTrue(spool.retire(big));
    assertTrue(spool.retire(second));
    try (var spare = Files.list(dir.resolve("spare"))) {
      assertEquals(1, spare.count());
    }
    // After a power loss a spare name may alias a queued message: start-up unlinks them all.
    assertEquals(List.of(), spool.recover());
    try (var spare = Files.list(dir.resolve("spare"))) {
      assertEquals(0, spare.count());
    }
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  @Test
  void everyTruncationPointIsDetectedAndRecoveryKeepsOnlyCompleteFiles() throws Exception {
    Spool spool = new Spool(dir, Clock.systemUTC());
    String id = queue(spool, "Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    Path file = dir.resolve("queue").resolve(id);
    byte[] whole = Files.readAllBytes(file);
    QueueFile.verify(file);
    for (int cut = 0; cut < whole.length; cut++) {
      Files.write(file, Arrays.copyOf(whole, cut));
      int at = cut;
      assertThrows(
          QueueFile.CorruptException.class, () -> QueueFile.verify(file), () -> "cut " + at);
    }
    // A byte flipped anywhere is caught by the CRC or the record structure.
    for (int i = 0; i < whole.length; i += 7) {
      byte[] flipped = whole.clone();
      flipped[i] ^= 0x01;
      Files.write(file, flipped);
      int at = i;
      assertThrows(IOException.class, () -> QueueFile.verify(file), () -> "flip " + at);
    }
    // Recovery: one complete file per truncation point is not possible under one name, so lay
    // out truncated copies under fresh ids next to a complete one.
    Files.write(file, whole);
    String good = queue(spool, "good\r\n".getBytes(StandardCharsets.US_ASCII));
    Files.delete(dir.resolve("queue").resolve(good));
    int partials = 0;
    for (int cut = 0; cut < whole.length; cut += 3) {
      Files.write(dir.resolve("queue").resolve(String.format("%016X", 0x1000L + cut)),
          Arrays.copyOf(whole, cut));
      partials++;
    }
    Files.write(dir.resolve("tmp").resolve("0000000000000001"), whole); // never renamed
    List<String> recovered = spool.recover();
    assertEquals(List.of(id), recovered);
    try (var corrupt = Files.list(dir.resolve("corrupt"))) {
      assertEquals(partials, corrupt.count());
    }
    try (var tmp = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, tmp.count());
    }
  }

  @Test
  void deliveryStateIsReplacedAtomicallyAndAHalfWrittenOneReadsAsFresh() throws Exception {
    Spool spool = new Spool(dir, Clock.systemUTC());
    String id = queue(spool, "x".getBytes(StandardCharsets.US_ASCII));
    DeliveryState s =
        new DeliveryState(3, Instant.ofEpochMilli(42_000), true, Set.of("x@remote.test"), "4xx",
            DeliveryState.Dkim.SKIPPED);
    spool.saveState(id, s);
    assertEquals(s, spool.state(id));
    Path stateFile = dir.resolve("state").resolve(id);
    byte[] bytes = Files.readAllBytes(stateFile);
    Files.write(stateFile, Arrays.copyOf(bytes, bytes.length - 3)); // no "end" line
    assertEquals(0, spool.state(id).attempts());
    assertTrue(spool.remove(id));
    assertTrue(spool.ids().isEmpty());
  }

  @Test
  void everyOriginRoundTripsAndNoneCanBeWrittenUnrecorded() throws Exception {
    Spool spool = new Spool(dir, Clock.systemUTC());
    for (Origin origin : List.of(
        Origin.RELAY_NETWORKS, Origin.AUTHENTICATED, Origin.LOCAL, Origin.UNTRUSTED)) {
      Spool.Incoming in = spool.receive(new Envelope(ENVELOPE.arrival(), ENVELOPE.client(),
          ENVELOPE.sender(), ENVELOPE.recipients(), origin));
      in.content().write('x');
      in.commit();
      assertEquals(origin, spool.envelope(in.id()).origin());
    }
    Envelope unrecorded = new Envelope(ENVELOPE.arrival(), ENVELOPE.client(), ENVELOPE.sender(),
        ENVELOPE.recipients(), Origin.UNRECORDED);
    assertThrows(IllegalArgumentException.class, () -> spool.receive(unrecorded));
    try (var tmp = Files.list(dir.resolve("tmp"))) {
      assertEquals(0, tmp.count(), "nothing left behind");
    }
  }

  /**
   * Queue files written before the origin record existed (format APQ1) are still delivered:
   * recovery keeps them and they read as UNRECORDED, with the client address still known.
   */
  @Test
  void queueFilesOfTheFormerFormatAreRecoveredAsUnrecorded() throws Exception {
    Spool spool = new Spool(dir, Clock.systemUTC());
    byte[] content = "Subject: old\r\n\r\nqueued before the upgrade\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    String id = "123BB2E07D500000";
    Files.write(dir.resolve("queue").resolve(id),
        formerFormat("vm[10.0.0.31]", "ops@anchor.test", List.of("x@remote.test"), content));
    assertEquals(List.of(id), spool.recover());
    Envelope e = spool.envelope(id);
    assertEquals(Origin.UNRECORDED, e.origin());
    assertEquals("vm[10.0.0.31]", e.client());
    assertEquals("10.0.0.31", e.clientAddress().orElseThrow().getHostAddress());
    assertEquals(List.of("x@remote.test"), e.recipients());
    try (InputStream in = spool.content(id)) {
      assertArrayEquals(content, in.readAllBytes());
    }
    assertEquals(content.length, spool.messageSize(id));
  }

  @Test
  void clientAddressIsReadOnlyFromAnIpLiteral() {
    assertEquals("::1", new Envelope(Instant.EPOCH, "x[::1]", "", List.of("a@b"), Origin.LOCAL)
        .clientAddress().orElseThrow().getHostAddress().replace("0:0:0:0:0:0:0:1", "::1"));
    for (String client : List.of("local", "x[localhost]", "x[cafe]", "x[]", "x]1.2.3.4[")) {
      assertTrue(new Envelope(Instant.EPOCH, client, "", List.of("a@b"), Origin.LOCAL)
          .clientAddress().isEmpty(), client);
    }
  }

  /** A queue file as the relay wrote it before 'O' existed: 'V' "APQ1" ... with its END CRC. */
  static byte[] formerFormat(String client, String sender, List<String> rcpts, byte[] content) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    record(out, 'V', "APQ1".getBytes(StandardCharsets.US_ASCII));
    record(out, 'T', "1700000000123".getBytes(StandardCharsets.US_ASCII));
    record(out, 'C', client.getBytes(StandardCharsets.UTF_8));
    record(out, 'S', sender.getBytes(StandardCharsets.UTF_8));
    rcpts.forEach(r -> record(out, 'R', r.getBytes(StandardCharsets.UTF_8)));
    record(out, 'M', content);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(out.toByteArray());
    out.write('E');
    out.writeBytes(java.nio.ByteBuffer.allocate(8).putInt(4).putInt((int) crc.getValue())
        .array());
    return out.toByteArray();
  }

  private static void record(java.io.ByteArrayOutputStream out, char type, byte[] payload) {
    out.write(type);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(payload.length).array());
    out.writeBytes(payload);
  }
}
