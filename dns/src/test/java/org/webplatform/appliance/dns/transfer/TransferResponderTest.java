package org.webplatform.appliance.dns.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webplatform.appliance.dns.transfer.XfrFixture.ALLOWED;
import static org.webplatform.appliance.dns.transfer.XfrFixture.SERIAL;
import static org.webplatform.appliance.dns.transfer.XfrFixture.STRANGER;
import static org.webplatform.appliance.dns.transfer.XfrFixture.ZONE;
import static org.webplatform.appliance.dns.transfer.XfrFixture.answers;
import static org.webplatform.appliance.dns.transfer.XfrFixture.ask;
import static org.webplatform.appliance.dns.transfer.XfrFixture.name;
import static org.webplatform.appliance.dns.transfer.XfrFixture.parse;
import static org.webplatform.appliance.dns.transfer.XfrFixture.query;
import static org.webplatform.appliance.dns.transfer.XfrFixture.wire;
import static org.webplatform.appliance.dns.transfer.XfrFixture.withOpt;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.config.Cidr;
import org.webplatform.appliance.config.DnsTransferConfig;
import org.webplatform.appliance.dns.answer.AnswerObserver;
import org.webplatform.appliance.dns.answer.Transport;
import org.webplatform.appliance.dns.server.ResponseStream;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/** Transfer decisions and message streams, answered in process from {@code zones-xfr/}. */
class TransferResponderTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  private static final TSIG CLIENT_KEY = new TSIG(TSIG.HMAC_SHA256, name("xfr-key."), SECRET);
  private static final int PAYLOAD = 1232;
  /** Records of zones-xfr/example.internal besides the SOA. */
  private static final int ZONE_RECORDS = 25;

  @TempDir Path dir;

  private final TransferMetrics metrics = TransferMetrics.unregistered();
  private final List<String> observed = Collections.synchronizedList(new ArrayList<>());
  private final AnswerObserver observer =
      new AnswerObserver() {
        @Override
        public void answered(Transport transport, int qtype, int rcode, boolean truncated) {
          observed.add(transport + " " + Type.string(qtype) + " " + Rcode.string(rcode));
        }

        @Override
        public void dropped(Transport transport) {
          observed.add("dropped");
        }
      };

  private static DnsTransferConfig.Allow allow(String cidr, String key) {
    String[] parts = cidr.split("/");
    try {
      return new DnsTransferConfig.Allow(
          new Cidr(InetAddress.getByName(parts[0]), Integer.parseInt(parts[1])),
          Optional.ofNullable(key));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(cidr, e);
    }
  }

  private TransferResponder responder(
      ZoneSet zones, Clock clock, DnsTransferConfig.Allow... rules) {
    DnsTransferConfig config =
        new DnsTransferConfig(
            Map.of("xfr-key", new DnsTransferConfig.TsigKey("xfr-key", "hmac-sha256", SECRET)),
            List.of(rules),
            List.of(),
            Optional.empty());
    return new TransferResponder(
        () -> zones,
        config,
        TsigKeyring.from(config.tsigKeys(), clock),
        PAYLOAD,
        observer,
        metrics,
        clock);
  }

  private TransferResponder responder(DnsTransferConfig.Allow... rules) {
    return responder(XfrFixture.zones(), Clock.systemUTC(), rules);
  }

  private static Message only(List<byte[]> messages) {
    assertEquals(1, messages.size(), "one message");
    return parse(messages.get(0));
  }

  @Test
  void axfrIsTheSoaEveryRecordOnceAndTheSoaAgain() {
    TransferResponder responder = responder(allow("127.0.0.0/8", null));

    List<byte[]> messages =
        ask(responder, wire(query(ZONE, Type.AXFR, -1), null), ALLOWED, Transport.TCP);

    List<Record> records = answers(messages);
    assertEquals(Type.SOA, records.get(0).getType());
    assertEquals(records.get(0), records.get(records.size() - 1));
    assertEquals(SERIAL, ((SOARecord) records.get(0)).getSerial());
    assertEquals(ZONE_RECORDS + 2, records.size());
    List<String> data = records.stream().map(r -> r.toString().replaceAll("\\s+", " ")).toList();
    for (String expected :
        List.of(
            "example.internal. 3600 IN NS ns1.example.internal.",
            "sub.example.internal. 3600 IN NS ns1.sub.example.internal.",
            "ns1.sub.example.internal. 3600 IN A 192.0.2.201",
            "*.wild.example.internal. 3600 IN TXT \"wildcard\"",
            "alias2.example.internal. 3600 IN CNAME alias.example.internal.",
            "_sip._tcp.example.internal. 3600 IN SRV 10 60 5060 sip.example.internal.",
            // RFC 2181 §5.2: one TTL per RRset, the lowest, as queries are answered.
            "multi.example.internal. 600 IN A 192.0.2.32")) {
      assertTrue(data.contains(expected), expected + " in " + data);
    }
    Message first = parse(messages.get(0));
    assertTrue(first.getHeader().getFlag(Flags.AA));
    assertTrue(first.getHeader().getFlag(Flags.QR));
    assertEquals(4242, first.getHeader().getID());
    assertEquals(Rcode.NOERROR, first.getRcode());
    assertEquals(Type.AXFR, first.getQuestion().getType());
    assertEquals(List.of("TCP AXFR NOERROR"), observed);
    assertEquals(1, metrics.transfers("example.internal.", "axfr", "ok"));
  }

  @Test
  void largeZoneIsSplitIntoMessagesOfAtMost16KiBWithTheQuestionInTheFirstOnly() throws Exception {
    ZoneSet zones = XfrFixture.load(XfrFixture.writeBigZone(dir.resolve("zones"), 5000, 7));
    TransferResponder responder = responder(zones, Clock.systemUTC(), allow("127.0.0.1/32", null));

    List<byte[]> messages =
        ask(
            responder,
            wire(withOpt(query(name("big.internal."), Type.AXFR, -1), true), null),
            ALLOWED,
            Transport.TCP);

    assertTrue(messages.size() > 3, "messages: " + messages.size());
    assertEquals(5000 + 2 + 2, answers(messages).size());
    for (int i = 0; i < messages.size(); i++) {
      Message message = parse(messages.get(i));
      assertTrue(messages.get(i).length <= ZoneStream.TARGET_SIZE + 11, "size of #" + i);
      assertEquals(4242, message.getHeader().getID());
      assertTrue(message.getHeader().getFlag(Flags.AA));
      assertEquals(i == 0 ? 1 : 0, message.getHeader().getCount(Section.QUESTION), "#" + i);
      // Our OPT (payload, DO echoed) in the first message only, as NSD does.
      assertEquals(i == 0, message.getOPT() != null, "OPT in #" + i);
    }
    assertEquals(PAYLOAD, parse(messages.get(0)).getOPT().getPayloadSize());
    assertEquals(0x8000, parse(messages.get(0)).getOPT().getFlags());
  }

  @Test
  void signedTransferIsSignedMessageByMessageAndVerifiesAsAStream() throws Exception {
    ZoneSet zones = XfrFixture.load(XfrFixture.writeBigZone(dir.resolve("zones"), 3000, 7));
    TransferResponder responder =
        responder(zones, Clock.systemUTC(), allow("127.0.0.1/32", "xfr-key"));
    byte[] query = wire(query(name("big.internal."), Type.AXFR, -1), CLIENT_KEY);

    List<byte[]> messages = ask(responder, query, ALLOWED, Transport.TCP);

    assertTrue(messages.size() > 1);
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(CLIENT_KEY, parse(query).getTSIG());
    for (int i = 0; i < messages.size(); i++) {
      Message message = parse(messages.get(i));
      assertTrue(message.getTSIG() != null, "#" + i + " carries a TSIG (RFC 8945 §5.3.1)");
      boolean last = i == messages.size() - 1;
      assertEquals(Rcode.NOERROR, verifier.verify(message, messages.get(i), last), "#" + i);
      assertTrue(message.isVerified(), "#" + i);
    }
  }

  @Test
  void entryWithAKeyRefusesAnUnsignedRequest() {
    TransferResponder responder = responder(allow("127.0.0.1/32", "xfr-key"));

    Message response =
        only(ask(responder, wire(query(ZONE, Type.AXFR, -1), null), ALLOWED, Transport.TCP));

    assertEquals(Rcode.REFUSED, response.getRcode());
    assertFalse(response.getHeader().getFlag(Flags.AA));
    assertEquals(ZONE, response.getQuestion().getName());
    assertNull(response.getTSIG());
    assertEquals(1, metrics.transfers("example.internal.", "axfr", "refused"));
  }

  @Test
  void clientOutsideTheNetworksIsRefusedEvenWithAValidKeyAndTheRefusalIsSigned() throws Exception {
    TransferResponder responder = responder(allow("127.0.0.1/32", "xfr-key"));
    byte[] query = wire(query(ZONE, Type.AXFR, -1), CLIENT_KEY);

    Message response = only(ask(responder, query, STRANGER, Transport.TCP));

    assertEquals(Rcode.REFUSED, response.getRcode());
    assertEquals(
        Rcode.NOERROR,
        CLIENT_KEY.verify(response, ask(responder, query, STRANGER, Transport.TCP).get(0),
            parse(query).getTSIG()));
  }

  @Test
  void withoutAllowTransferEveryRequestIsRefused() {
    TransferResponder responder = responder();

    Message response =
        only(ask(responder, wire(query(ZONE, Type.AXFR, -1), null), ALLOWED, Transport.TCP));

    assertEquals(Rcode.REFUSED, response.getRcode());
  }

  @Test
  void unknownKeyIsNotauthWithAnUnsignedBadkey() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));
    TSIG other = new TSIG(TSIG.HMAC_SHA256, name("other-key."), SECRET);

    Message response =
        only(ask(responder, wire(query(ZONE, Type.AXFR, -1), other), ALLOWED, Transport.TCP));

    assertEquals(Rcode.NOTAUTH, response.getRcode());
    TSIGRecord tsig = response.getTSIG();
    assertEquals(Rcode.BADKEY, tsig.getError());
    assertEquals(0, tsig.getSignature().length, "RFC 8945 §5.3.2: unsigned");
    assertEquals(1, metrics.transfers("example.internal.", "axfr", "badkey"));
  }

  @Test
  void wrongSecretIsNotauthWithAnUnsignedBadsig() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));
    TSIG wrong =
        new TSIG(TSIG.HMAC_SHA256, name("xfr-key."), "fedcba9876543210fedcba9876543210".getBytes());

    Message response =
        only(ask(responder, wire(query(ZONE, Type.AXFR, -1), wrong), ALLOWED, Transport.TCP));

    assertEquals(Rcode.NOTAUTH, response.getRcode());
    assertEquals(Rcode.BADSIG, response.getTSIG().getError());
    assertEquals(0, response.getTSIG().getSignature().length);
    assertEquals(1, metrics.transfers("example.internal.", "axfr", "badsig"));
  }

  @Test
  void clockSkewBeyondTheFudgeIsASignedBadtimeCarryingOurTime() {
    Instant ours = Instant.now().plus(Duration.ofHours(1));
    TransferResponder responder =
        responder(
            XfrFixture.zones(), Clock.fixed(ours, ZoneOffset.UTC), allow("127.0.0.1/32", null));

    Message response =
        only(ask(responder, wire(query(ZONE, Type.AXFR, -1), CLIENT_KEY), ALLOWED, Transport.TCP));

    assertEquals(Rcode.NOTAUTH, response.getRcode());
    TSIGRecord tsig = response.getTSIG();
    assertEquals(Rcode.BADTIME, tsig.getError());
    assertTrue(tsig.getSignature().length > 0, "RFC 8945 §5.2.3: signed");
    assertEquals(6, tsig.getOther().length, "our time in Other Data");
  }

  @Test
  void nameThatIsNotAZoneApexIsNotauthForAnAllowedClientAndRefusedForOthers() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));
    byte[] query = wire(query(name("www.example.internal."), Type.AXFR, -1), null);

    assertEquals(Rcode.NOTAUTH, only(ask(responder, query, ALLOWED, Transport.TCP)).getRcode());
    assertEquals(Rcode.REFUSED, only(ask(responder, query, STRANGER, Transport.TCP)).getRcode());
    assertEquals(1, metrics.transfers("-", "axfr", "notauth"), "a name not ours is labelled -");
  }

  @Test
  void ixfrWithOurSerialOrANewerOneGetsOurSoaOnly() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));

    for (long serial : new long[] {SERIAL, SERIAL + 1}) {
      Message response =
          only(ask(responder, wire(query(ZONE, Type.IXFR, serial), null), ALLOWED, Transport.TCP));

      assertEquals(Rcode.NOERROR, response.getRcode());
      List<Record> answer = response.getSection(Section.ANSWER);
      assertEquals(1, answer.size());
      assertEquals(SERIAL, ((SOARecord) answer.get(0)).getSerial());
    }
    assertEquals(2, metrics.transfers("example.internal.", "ixfr", "uptodate"));
  }

  @Test
  void ixfrWithAnOlderSerialGetsTheWholeZoneAxfrStyle() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));

    List<byte[]> messages =
        ask(responder, wire(query(ZONE, Type.IXFR, SERIAL - 1), null), ALLOWED, Transport.TCP);

    List<Record> records = answers(messages);
    assertEquals(ZONE_RECORDS + 2, records.size());
    // RFC 1995 §4: an AXFR-style answer is told from an incremental one by its second record.
    assertEquals(Type.A, records.get(1).getType());
    assertEquals(Type.IXFR, parse(messages.get(0)).getQuestion().getType());
  }

  @Test
  void ixfrOverUdpGetsOurSoaOnlySoTheClientRetriesOverTcp() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));

    Message response =
        only(
            ask(responder, wire(query(ZONE, Type.IXFR, SERIAL - 1), null), ALLOWED, Transport.UDP));

    assertEquals(1, response.getSection(Section.ANSWER).size());
    assertEquals(Type.SOA, response.getSection(Section.ANSWER).get(0).getType());
    assertEquals(1, metrics.transfers("example.internal.", "ixfr", "udp_soa"));
  }

  @Test
  void ixfrWithoutTheClientsSoaIsFormerr() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));

    Message response =
        only(ask(responder, wire(query(ZONE, Type.IXFR, -1), null), ALLOWED, Transport.TCP));

    assertEquals(Rcode.FORMERR, response.getRcode());
    assertEquals(4242, response.getHeader().getID());
  }

  @Test
  void ednsVersionAboveZeroIsBadvers() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));
    Message query = query(ZONE, Type.AXFR, -1);
    query.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);

    Message response = only(ask(responder, wire(query, null), ALLOWED, Transport.TCP));

    assertEquals(Rcode.BADVERS, response.getRcode());
    assertEquals(0, response.getOPT().getVersion());
  }

  @Test
  void otherQueriesAndAxfrOverUdpAreLeftToTheGeneralPath() {
    TransferResponder responder = responder(allow("127.0.0.1/32", null));

    assertNull(ask(responder, wire(query(ZONE, Type.AXFR, -1), null), ALLOWED, Transport.UDP));
    assertNull(ask(responder, wire(query(ZONE, Type.SOA, -1), null), ALLOWED, Transport.TCP));
    assertNull(ask(responder, new byte[] {0, 1, 0, 0}, ALLOWED, Transport.TCP));
    assertEquals(List.of(), observed);
  }

  @Test
  void transferInProgressKeepsItsSnapshotWhenANewOneIsPublished() throws Exception {
    ZoneSet before = XfrFixture.load(XfrFixture.writeBigZone(dir.resolve("a"), 2000, 1));
    ZoneSet after = XfrFixture.load(XfrFixture.writeBigZone(dir.resolve("b"), 10, 2));
    AtomicReference<ZoneSet> served = new AtomicReference<>(before);
    DnsTransferConfig config =
        new DnsTransferConfig(Map.of(), List.of(allow("127.0.0.1/32", null)), List.of(),
            Optional.empty());
    TransferResponder responder =
        new TransferResponder(served::get, config, TsigKeyring.EMPTY, PAYLOAD, observer, metrics,
            Clock.systemUTC());

    ResponseStream stream =
        responder.answer(
            ByteBuffer.wrap(wire(query(name("big.internal."), Type.AXFR, -1), null)),
            ALLOWED,
            Transport.TCP);
    List<Record> records = new ArrayList<>(parse(stream.next()).getSection(Section.ANSWER));
    served.set(after);
    byte[] message;
    while ((message = stream.next()) != null) {
      records.addAll(parse(message).getSection(Section.ANSWER));
    }
    stream.close();

    assertEquals(2000 + 4, records.size());
    assertEquals(1, ((SOARecord) records.get(records.size() - 1)).getSerial());
  }

  @Test
  void streamClosedBeforeItsEndCountsAsAborted() throws Exception {
    ZoneSet zones = XfrFixture.load(XfrFixture.writeBigZone(dir.resolve("zones"), 3000, 7));
    TransferResponder responder = responder(zones, Clock.systemUTC(), allow("127.0.0.1/32", null));

    ResponseStream stream =
        responder.answer(
            ByteBuffer.wrap(wire(query(name("big.internal."), Type.AXFR, -1), null)),
            ALLOWED,
            Transport.TCP);
    stream.next();
    stream.close();
    stream.close();

    assertEquals(1, metrics.transfers("big.internal.", "axfr", "aborted"));
    assertEquals(0, metrics.transfers("big.internal.", "axfr", "ok"));
  }
}
