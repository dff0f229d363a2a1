package org.webplatform.appliance.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webplatform.appliance.dns.Dig.Answer;
import org.webplatform.appliance.dns.Dig.Rr;
import org.webplatform.appliance.dns.server.Await;

/**
 * The stock NSD as a secondary of our zone, on loopback: it pulls the zone from us, then answers
 * like we do; a changed zone file and a reload send NOTIFY, and NSD fetches the new serial (its
 * refresh timer is a day, so only the NOTIFY can make that happen within the deadline). Once
 * without TSIG, once with a shared hmac-sha256 key required by {@code allow_transfer}.
 */
class NsdSecondaryTest {
  private static final String ZONE = "example.internal";
  private static final long SERIAL = 2024010101L;
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final byte[] SECRET = "nsd-and-us-share-this-32-octets!".getBytes();

  /**
   * The queries both servers must answer alike: positive (A, AAAA, MX, NS, TXT, SRV, SOA, an
   * RRset with two TTLs in the file), CNAME chains, wildcard data and wildcard NODATA, NXDOMAIN,
   * NODATA, an empty non-terminal, and a referral.
   */
  private static final List<String[]> QUERIES =
      List.of(
          q("www", "A"),
          q("www", "AAAA"),
          q("", "MX"),
          q("", "NS"),
          q("", "TXT"),
          q("", "SOA"),
          q("_sip._tcp", "SRV"),
          q("multi", "A"),
          q("alias", "A"),
          q("alias2", "AAAA"),
          q("anything.wild", "A"),
          q("anything.wild", "TXT"),
          q("anything.wild", "MX"),
          q("nope", "A"),
          q("www", "MX"),
          q("ent", "A"),
          q("b.ent", "A"),
          q("host.sub", "A"),
          q("sub", "NS"));

  @TempDir Path dir;

  private static String[] q(String label, String type) {
    return new String[] {label.isEmpty() ? ZONE : label + "." + ZONE, type};
  }

  @Test
  void nsdPullsTheZoneAnswersLikeUsAndFetchesANotifiedSerial() throws Exception {
    pullCompareAndFollowNotify(null);
  }

  @Test
  void nsdPullsWithTsigWhenAllowTransferRequiresTheKey() throws Exception {
    pullCompareAndFollowNotify(
        new NsdSecondary.Key("xfr-key", "hmac-sha256", Base64.getEncoder().encodeToString(SECRET)));
  }

  private void pullCompareAndFollowNotify(NsdSecondary.Key key) throws Exception {
    Dig.binary();
    NsdSecondary nsd = NsdSecondary.prepare(dir.resolve("nsd"));
    Path primaryDir = dir.resolve("primary");
    String keyRef = "";
    String yaml = "";
    if (key != null) {
      RoleFixture.writeSecret(primaryDir, "xfr-key.b64", SECRET);
      yaml = "  tsig_keys: { xfr-key: { algorithm: hmac-sha256, secret_file: xfr-key.b64 } }\n";
      keyRef = ", key: xfr-key";
    }
    // NSD's address may transfer (with the key, if any) and is notified from 127.0.0.1.
    yaml +=
        "  allow_transfer: [{ network: 127.0.0.1/32" + keyRef + " }]\n"
            + "  also_notify: [{ address: \"127.0.0.1:" + nsd.address.getPort() + "\"" + keyRef
            + " }]\n"
            + "  notify_source: 127.0.0.1\n";
    try (RoleFixture primary = RoleFixture.transfers(primaryDir, yaml);
        nsd) {
      nsd.start(ZONE, primary.address(), key);
      awaitSerial(nsd, SERIAL);

      assertEquals(
          List.of("192.0.2.10"), Dig.query(nsd.address, "www." + ZONE, "A").answerData("A"));
      for (String[] query : QUERIES) {
        Answer ours = Dig.query(primary.address(), query[0], query[1]);
        Answer theirs = Dig.query(nsd.address, query[0], query[1]);
        assertEquals(
            comparable(theirs),
            comparable(ours),
            query[0] + " " + query[1] + "\n--- NSD:\n" + theirs.output() + "\n--- ours:\n"
                + ours.output());
      }

      Path file = primary.zones.resolve(ZONE);
      String zone = Files.readString(file, StandardCharsets.US_ASCII);
      Files.writeString(
          file,
          zone.replace(SERIAL + " ; serial", (SERIAL + 1) + " ; serial")
              + "added    IN A     192.0.2.99\n",
          StandardCharsets.US_ASCII);
      // The NOTIFY sent at start may still be waiting for NSD (started after us) and is then
      // replaced by the one for the new serial, so count acknowledgements from here on.
      double ackedBefore = acked(primary);
      primary.role.reload();
      awaitSerial(nsd, SERIAL + 1);

      Answer added = Dig.query(nsd.address, "added." + ZONE, "A");
      assertEquals(List.of("192.0.2.99"), added.answerData("A"), added.output());
      Await.until(
          DEADLINE,
          "our NOTIFY acknowledged by NSD",
          () -> acked(primary) >= ackedBefore + 1);
      // The first pull is an AXFR (NSD has no data), the notified one an IXFR answered in full.
      assertEquals(1.0, transfers(primary, "axfr", "ok"), 0.0);
      assertEquals(1.0, transfers(primary, "ixfr", "ok"), 0.0);
      assertTrue(nsd.alive(), nsd.log());
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + nsd.log(), e);
    }
  }

  private static double transfers(RoleFixture primary, String type, String result) {
    return MetricsReader.value(
        primary.registry,
        "appliance_dns_transfers_total",
        "zone", ZONE + ".",
        "type", type,
        "result", result);
  }

  private static void awaitSerial(NsdSecondary nsd, long serial) {
    Await.until(
        DEADLINE,
        "NSD serves serial " + serial + "\n" + nsd.log(),
        () -> {
          if (!nsd.alive()) {
            throw new AssertionError("NSD exited\n" + nsd.log());
          }
          try {
            Answer soa = Dig.query(nsd.address, ZONE, "SOA", "+time=1");
            List<String> data = soa.answerData("SOA");
            return data.size() == 1 && data.get(0).split("\\s+")[2].equals(String.valueOf(serial));
          } catch (Exception | AssertionError e) {
            return false; // not up yet, or no zone yet
          }
        });
  }

  /**
   * What must be equal between NSD and us: RCODE, AA, the answer section; for negative answers
   * also the authority section (the SOA at the negative TTL), for referrals authority and glue.
   * Not compared: authority and additional of positive answers (NSD adds the apex NS and their
   * addresses, we send minimal responses like gdnsd), and the EDNS size.
   */
  private static List<String> comparable(Answer answer) {
    List<String> view = new ArrayList<>();
    view.add("status " + answer.status());
    view.add("aa " + answer.flag("aa"));
    view.addAll(sorted("answer", answer.answer()));
    boolean referral = !answer.flag("aa") && answer.answer().isEmpty();
    boolean negative = answer.answer().isEmpty() && answer.flag("aa");
    if (negative || referral) {
      view.addAll(sorted("authority", answer.authority()));
    }
    if (referral) {
      view.addAll(sorted("additional", answer.additional()));
    }
    return view;
  }

  private static List<String> sorted(String section, List<Rr> records) {
    return records.stream()
        .map(rr -> section + " " + rr.name().toLowerCase() + " " + rr.ttl() + " " + rr.type() + " "
            + rr.data())
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  /** Acknowledged NOTIFYs so far; 0 before the first (the series does not exist yet). */
  private static double acked(RoleFixture primary) {
    double value =
        MetricsReader.value(
            primary.registry, "appliance_dns_notifies_total", "zone", ZONE + ".", "result",
            "acked");
    return Double.isNaN(value) ? 0 : value;
  }

}
