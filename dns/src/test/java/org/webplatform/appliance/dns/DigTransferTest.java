package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.server.RawDnsClient;
import org.webplatform.appliance.dns.transfer.BigZone;
import org.webplatform.appliance.testing.Peers;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Zone transfers as dig and kdig see them. allow_transfer: 127.0.0.1 without a key, 127.0.0.3
 * only with xfr-key; 127.0.0.2 is a stranger. {@code big.internal} has 5000 hosts, so its
 * transfer takes several messages; {@code pools.internal} has a DYNA name of a failover pool.
 */
class DigTransferTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  private static final String KEY =
      "hmac-sha256:xfr-key:" + Base64.getEncoder().encodeToString(SECRET);
  private static final String WRONG_KEY =
      "hmac-sha256:xfr-key:"
          + Base64.getEncoder().encodeToString("fedcba9876543210fedcba98".getBytes());
  private static final Pattern XFR_SIZE =
      Pattern.compile(";; XFR size: (\\d+) records \\(messages (\\d+), bytes (\\d+)\\)");

  @TempDir static Path dir;
  private static RoleFixture fixture;
  private static String dig;
  private static String kdig;

  @BeforeAll
  static void start() throws Exception {
    dig = Peers.require("dig", "bind9-dnsutils");
    kdig = Peers.require("kdig", "knot-dnsutils");
    RoleFixture.writeSecret(dir, "xfr-key.b64", SECRET);
    fixture =
        RoleFixture.transfers(
            dir,
            """
              tsig_keys:
                xfr-key: { algorithm: hmac-sha256, secret_file: xfr-key.b64 }
              allow_transfer:
                - 127.0.0.1
                - { network: 127.0.0.3/32, key: xfr-key }
              admin_state: state/admin_state
              pools:
                masterdb:
                  mode: failover
                  ttl: 30s
                  addresses: [10.0.0.11, 10.0.0.12]
                  monitor: { type: none }
            """);
    BigZone.write(fixture.zones, 5000);
    Files.writeString(
        fixture.zones.resolve("pools.internal"),
        "$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n  IN NS ns1\n"
            + "ns1 IN A 192.0.2.1\ndb DYNA masterdb\n");
    fixture.role.reload();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static PeerCommand run(String program, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(program);
    command.add("@127.0.0.1");
    command.add("-p");
    command.add(String.valueOf(fixture.address().getPort()));
    command.addAll(List.of(args));
    return PeerCommand.run(command);
  }

  private static double transfers(String zone, String type, String result) {
    double value =
        MetricsReader.value(
            fixture.registry,
            "appliance_dns_transfers_total",
            "zone", zone,
            "type", type,
            "result", result);
    return Double.isNaN(value) ? 0 : value;
  }

  @Test
  void digAxfrGetsTheSoaEveryRecordAndTheSoaAgain() throws Exception {
    PeerCommand axfr = run(dig, "example.internal", "AXFR");

    List<String> records = axfr.records();
    assertEquals(27, records.size(), axfr.output());
    assertTrue(
        records.get(0).matches("example\\.internal\\.\\s+3600\\s+IN\\s+SOA\\s.*"), axfr.output());
    assertEquals(records.get(0), records.get(records.size() - 1));
    String glue = "ns1\\.sub\\.example\\.internal\\.\\s+3600\\s+IN\\s+A\\s+192\\.0\\.2\\.201";
    assertTrue(
        records.stream().anyMatch(r -> r.matches(glue)), "delegation glue: " + axfr.output());
  }

  @Test
  void dynaNamesAreTransferredWithTheAddressesTheirPoolAnswersNow() throws Exception {
    PeerCommand axfr = run(dig, "pools.internal", "AXFR");

    List<String> records = axfr.records();
    assertEquals(5, records.size(), axfr.output()); // SOA, NS, ns1 A, db A (failover: one), SOA
    String active = "db\\.pools\\.internal\\.\\s+30\\s+IN\\s+A\\s+10\\.0\\.0\\.11";
    assertTrue(records.stream().anyMatch(r -> r.matches(active)), axfr.output());
  }

  @Test
  void largeZoneArrivesInSeveralSignedMessagesThatDigAndKdigVerify() throws Exception {
    double before = transfers("big.internal.", "axfr", "ok");

    PeerCommand signed = run(dig, "-b", "127.0.0.3", "-y", KEY, "big.internal", "AXFR");

    Matcher size = XFR_SIZE.matcher(signed.output());
    assertTrue(size.find(), signed.output());
    assertEquals(5004, Integer.parseInt(size.group(1)));
    assertTrue(Integer.parseInt(size.group(2)) > 5, "messages: " + size.group(2));
    assertFalse(signed.output().contains("Couldn't verify"), signed.output());
    PeerCommand kdigSigned = run(kdig, "-b", "127.0.0.3", "-y", KEY, "big.internal", "AXFR");
    assertEquals(0, kdigSigned.exitCode(), kdigSigned.output());
    List<String> tsigs = kdigSigned.records().stream().filter(r -> r.contains("\tTSIG\t")).toList();
    assertEquals(5004, kdigSigned.records().size() - tsigs.size(), kdigSigned.output());
    // RFC 8945 §5.3.1: every message signed, not only the first and the last.
    assertEquals(Integer.parseInt(size.group(2)), tsigs.size(), "one TSIG per message");
    assertEquals(before + 2, transfers("big.internal.", "axfr", "ok"));
  }

  @Test
  void clientOutsideAllowTransferIsRefused() throws Exception {
    double before = transfers("example.internal.", "axfr", "refused");

    PeerCommand digRefused = run(dig, "-b", "127.0.0.2", "example.internal", "AXFR");
    PeerCommand kdigRefused = run(kdig, "-b", "127.0.0.2", "example.internal", "AXFR");

    assertTrue(digRefused.output().contains("; Transfer failed."), digRefused.output());
    assertTrue(digRefused.records().isEmpty(), digRefused.output());
    assertTrue(kdigRefused.output().contains("server replied with error 'REFUSED'"),
        kdigRefused.output());
    assertEquals(before + 2, transfers("example.internal.", "axfr", "refused"));
  }

  @Test
  void entryRequiringAKeyRefusesUnsignedAndRejectsAWrongSecret() throws Exception {
    PeerCommand unsigned = run(kdig, "-b", "127.0.0.3", "example.internal", "AXFR");
    PeerCommand wrong = run(kdig, "-b", "127.0.0.3", "-y", WRONG_KEY, "example.internal", "AXFR");
    PeerCommand digWrong = run(dig, "-b", "127.0.0.3", "-y", WRONG_KEY, "example.internal", "AXFR");
    PeerCommand right = run(kdig, "-b", "127.0.0.3", "-y", KEY, "example.internal", "AXFR");

    assertTrue(unsigned.output().contains("error 'REFUSED'"), unsigned.output());
    assertTrue(wrong.output().contains("error 'BADSIG'"), wrong.output());
    assertTrue(digWrong.output().contains("BADSIG"), digWrong.output());
    assertTrue(digWrong.records().stream().allMatch(r -> r.contains("TSIG")), digWrong.output());
    assertEquals(0, right.exitCode(), right.output());
    assertEquals(27 + 1, right.records().size(), right.output());
  }

  @Test
  void ixfrOverUdpGetsOurSoaOnlyAndOverTcpTheWholeZone() throws Exception {
    PeerCommand udp = run(dig, "+notcp", "example.internal", "IXFR=2024010100");
    PeerCommand tcp = run(dig, "example.internal", "IXFR=2024010100");
    PeerCommand upToDate = run(dig, "example.internal", "IXFR=2024010101");

    assertEquals(1, udp.records().size(), udp.output());
    assertTrue(udp.records().get(0).contains("SOA"), udp.output());
    assertTrue(udp.output().contains("(UDP)"), udp.output());
    assertEquals(27, tcp.records().size(), tcp.output());
    assertEquals(1, upToDate.records().size(), upToDate.output());
  }

  @Test
  void axfrOverUdpIsNotImplemented() throws Exception {
    byte[] query = RawDnsClient.query("example.internal.", Type.AXFR, 77, 0);

    Message response = RawDnsClient.udp(fixture.address(), query);

    assertEquals(Rcode.NOTIMP, response.getRcode());
  }
}
