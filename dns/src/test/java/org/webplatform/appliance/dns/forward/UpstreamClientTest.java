package org.webplatform.appliance.dns.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.forward.Records.name;
import static org.webplatform.appliance.dns.forward.Records.record;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One upstream exchange against scripted peers: what we send, which responses we accept (RFC 5452
 * §9.1), the TCP retry after TC, and the timeout.
 */
class UpstreamClientTest {
  private static final InetAddress IP = address();
  private static final Name WWW = name("www.example.org.");

  private final UpstreamClient client = new UpstreamClient(Duration.ofMillis(400));

  private static InetAddress address() {
    try {
      return InetAddress.getByName("127.0.53.9");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() {
    client.close();
  }

  /** The response to {@code query} with one A record; {@code id} and {@code name} as given. */
  private static Message answer(Message query, int id, Name name, String address) {
    Message response = new Message(id);
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    response.addRecord(
        Record.newRecord(name, query.getQuestion().getType(), 1), Section.QUESTION);
    response.addRecord(record(name + " 60 IN A " + address), Section.ANSWER);
    return response;
  }

  private static Message answer(Message query, String address) {
    return answer(query, query.getHeader().getID(), query.getQuestion().getName(), address);
  }

  private Message ask(ScriptedUpstream upstream, Runnable onTcpRetry) throws Exception {
    CompletableFuture<Message> exchange =
        client
            .loop()
            .submit(() -> client.exchange(upstream.address(), WWW, Type.A, onTcpRetry))
            .get();
    return exchange.get(5, TimeUnit.SECONDS);
  }

  private static ScriptedUpstream udp(Function<Message, List<Message>> script) throws Exception {
    return new ScriptedUpstream(IP, script, query -> answer(query, "203.0.113.99"));
  }

  @Test
  void queryHasItsOwnRandomIdRdAndEdnsWithoutDo() throws Exception {
    try (ScriptedUpstream upstream = udp(query -> List.of(answer(query, "192.0.2.1")))) {
      for (int i = 0; i < 3; i++) {
        ask(upstream, () -> {});
      }
      List<Message> queries = upstream.udpQueries;
      assertEquals(3, queries.size());
      Message query = queries.get(0);
      assertTrue(query.getHeader().getFlag(Flags.RD));
      assertEquals(WWW, query.getQuestion().getName());
      assertNotNull(query.getOPT());
      assertEquals(UpstreamQuery.EDNS_PAYLOAD, query.getOPT().getPayloadSize());
      assertEquals(0, query.getOPT().getFlags() & ExtendedFlags.DO);
      int first = query.getHeader().getID();
      assertFalse(
          queries.stream().allMatch(q -> q.getHeader().getID() == first),
          "a new random ID per query");
    }
  }

  @Test
  void responsesWithAnotherIdOrQuestionAreIgnoredUntilTheRealOneArrives() throws Exception {
    try (ScriptedUpstream upstream =
        udp(
            query -> {
              int id = query.getHeader().getID();
              return List.of(
                  answer(query, (id + 1) & 0xFFFF, WWW, "198.51.100.1"),
                  answer(query, id, name("evil.example.org."), "198.51.100.2"),
                  answer(query, "192.0.2.1"));
            })) {
      Message response = ask(upstream, () -> {});

      assertEquals("192.0.2.1", response.getSection(Section.ANSWER).get(0).rdataToString());
    }
  }

  @Test
  void truncatedUdpResponseIsAskedAgainOverTcp() throws Exception {
    AtomicInteger retries = new AtomicInteger();
    try (ScriptedUpstream upstream =
        udp(
            query -> {
              Message truncated = new Message(query.getHeader().getID());
              truncated.getHeader().setFlag(Flags.QR);
              truncated.getHeader().setFlag(Flags.TC);
              truncated.addRecord(query.getQuestion(), Section.QUESTION);
              return List.of(truncated);
            })) {
      Message response = ask(upstream, retries::incrementAndGet);

      assertEquals("203.0.113.99", response.getSection(Section.ANSWER).get(0).rdataToString());
      assertEquals(1, retries.get());
      assertEquals(1, upstream.tcpQueries.size());
      assertNotEquals(
          upstream.udpQueries.get(0).getHeader().getID(),
          upstream.tcpQueries.get(0).getHeader().getID(),
          "each attempt has its own ID (a 1 in 65536 clash would fail this)");
    }
  }

  @Test
  void silentUpstreamTimesOut() throws Exception {
    try (ScriptedUpstream upstream = udp(query -> List.of())) {
      long started = System.nanoTime();
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> ask(upstream, () -> {}));
      long elapsed = System.nanoTime() - started;

      assertInstanceOf(TimeoutException.class, failure.getCause());
      assertTrue(elapsed >= Duration.ofMillis(400).toNanos(), elapsed + " ns");
      assertTrue(elapsed < Duration.ofSeconds(3).toNanos(), elapsed + " ns");
    }
  }
}
