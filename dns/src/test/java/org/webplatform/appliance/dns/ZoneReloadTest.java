package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.server.Await;
import org.webplatform.appliance.dns.server.RawDnsClient;
import org.webplatform.appliance.role.Health;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Zone files edited while clients query: every answer is the old data or the new, never an error or
 * a mix, and new data is served within 5 seconds of the write (file watching on).
 */
class ZoneReloadTest {
  /** The promise to admins: an edit is live within this. */
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

  /** Upper bound on the query loop, whatever happens. */
  private static final Duration LOOP_LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  static String reloadZone(long serial, String address) {
    return "$ORIGIN reload.internal.\n$TTL 60\n"
        + "@    IN SOA ns1.example.internal. hostmaster.example.internal. "
        + serial
        + " 3600 600 86400 60\n"
        + "     IN NS  ns1.example.internal.\n"
        + "www  IN A   "
        + address
        + "\n";
  }

  /** Writes a temporary file beside the target and renames it over the target (atomic). */
  private static void replaceAtomically(Path file, String content) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void clientsSeeOldOrNewDataOnlyWhileZoneFilesChange() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, true);
        QueryLoop loop = new QueryLoop(fixture.address(), "www.reload.internal.")) {
      Path zone = fixture.zones.resolve("reload.internal");
      loop.start();
      Await.until(VISIBLE_WITHIN, "loop running", () -> loop.seen.contains("10.0.0.1"));

      replaceAtomically(zone, reloadZone(2, "10.0.0.2"));
      loop.awaitServed("10.0.0.2");

      Files.writeString(zone, reloadZone(3, "10.0.0.3"));
      loop.awaitServed("10.0.0.3");

      Files.writeString(zone, "$ORIGIN reload.internal.\nthis line is not a record\n");
      Await.until(
          VISIBLE_WITHIN,
          "DEGRADED after a broken write",
          () -> fixture.role.health().status() == Health.Status.DEGRADED);
      int before = loop.answers.get();
      Await.until(
          VISIBLE_WITHIN,
          "more answers after the broken write",
          () -> loop.answers.get() >= before + 50);
      assertEquals("10.0.0.3", loop.last.get(), "old data keeps being served");

      replaceAtomically(zone, reloadZone(4, "10.0.0.4"));
      loop.awaitServed("10.0.0.4");
      Await.until(
          VISIBLE_WITHIN,
          "HEALTHY after the fix",
          () -> fixture.role.health().status() == Health.Status.HEALTHY);

      loop.stop();
      assertEquals(List.of(), loop.failures, "failed or wrong answers");
      assertEquals(Set.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"), loop.seen);
      assertTrue(loop.answers.get() > 100, "answers: " + loop.answers.get());
    }
  }

  @Test
  void changeInAnIncludedFileIsServedWithinFiveSeconds() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, true);
        QueryLoop loop = new QueryLoop(fixture.address(), "host1.example.internal.")) {
      loop.start();
      Await.until(VISIBLE_WITHIN, "loop running", () -> loop.seen.contains("192.0.2.11"));

      replaceAtomically(
          fixture.zones.resolve("includes/hosts.inc"), "host1   IN A    192.0.2.12\n");

      loop.awaitServed("192.0.2.12");
      loop.stop();
      assertEquals(List.of(), loop.failures);
    }
  }

  @Test
  void newAndDeletedZoneFilesAreServedAndDropped() throws Exception {
    try (RoleFixture fixture = RoleFixture.started(dir, true)) {
      Path zone = fixture.zones.resolve("new.internal");
      replaceAtomically(zone, reloadZone(1, "10.9.9.9").replace("reload.internal", "new.internal"));
      Await.until(
          VISIBLE_WITHIN,
          "new zone served",
          () -> rcode(fixture.address(), "www.new.internal.") == Rcode.NOERROR);

      Files.delete(zone);

      Await.until(
          VISIBLE_WITHIN,
          "deleted zone refused",
          () -> rcode(fixture.address(), "www.new.internal.") == Rcode.REFUSED);
    }
  }

  private static int rcode(InetSocketAddress server, String name) {
    try {
      return RawDnsClient.udp(server, RawDnsClient.query(name, Type.A, 1, 0)).getRcode();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Queries one name over UDP back to back on its own thread; records the addresses seen and every
   * answer that is not NOERROR + AA with exactly one A record. Bounded by {@link #LOOP_LIMIT}.
   */
  private static final class QueryLoop implements AutoCloseable {
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger answers = new AtomicInteger();
    final AtomicReference<String> last = new AtomicReference<>();
    private final InetSocketAddress server;
    private final String name;
    private final Thread thread;
    private volatile boolean running = true;

    QueryLoop(InetSocketAddress server, String name) {
      this.server = server;
      this.name = name;
      this.thread = new Thread(this::run, "test-query-loop");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void awaitServed(String address) {
      Await.until(VISIBLE_WITHIN, name + " answers " + address, () -> address.equals(last.get()));
    }

    private void run() {
      long deadline = System.nanoTime() + LOOP_LIMIT.toNanos();
      try (DatagramSocket socket =
          new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
        socket.setSoTimeout(2000);
        byte[] buffer = new byte[4096];
        for (int id = 1; running && System.nanoTime() < deadline; id = (id + 1) & 0xFFFF) {
          byte[] query = RawDnsClient.query(name, Type.A, id, 1232);
          socket.send(new DatagramPacket(query, query.length, server));
          DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
          try {
            socket.receive(packet);
          } catch (SocketTimeoutException e) {
            failures.add("timeout id=" + id);
            continue;
          }
          check(id, new Message(java.util.Arrays.copyOf(buffer, packet.getLength())));
        }
      } catch (IOException e) {
        failures.add(e.toString());
      }
    }

    private void check(int id, Message response) {
      List<Record> records = response.getSection(Section.ANSWER);
      if (response.getHeader().getID() != id
          || response.getRcode() != Rcode.NOERROR
          || !response.getHeader().getFlag(Flags.AA)
          || records.size() != 1
          || !(records.get(0) instanceof ARecord a)) {
        failures.add("id=" + id + " " + response);
        return;
      }
      String address = a.getAddress().getHostAddress();
      seen.add(address);
      last.set(address);
      answers.incrementAndGet();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(5000);
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
