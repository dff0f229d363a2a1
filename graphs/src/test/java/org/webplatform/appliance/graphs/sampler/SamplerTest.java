package org.webplatform.appliance.graphs.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.webplatform.appliance.graphs.TrafficFixture;
import org.webplatform.appliance.graphs.store.Layout;
import org.webplatform.appliance.graphs.store.RrdFileSpec;
import org.webplatform.appliance.graphs.store.RrdStore;

class SamplerTest {
  /** A multiple of 12 h, so every archive's rows end exactly on the last sample. */
  static final long END = 43_200L * 39_353;
  static final long DAY = 86_400;
  static final long WEEK = 7 * DAY;

  @TempDir Path dir;

  @Test
  void aWeekOfTrafficReadsBackWithinOnePercentInEveryArchive() throws IOException {
    TrafficFixture traffic = new TrafficFixture();
    try (RrdStore store = new RrdStore(dir, Duration.ofSeconds(60))) {
      long nanos = traffic.feed(store, END, TrafficFixture.WEEK_MINUTES);
      System.out.printf(
          "graphs bench: rrd update cost %.1f us per sample (3 files, %d samples)%n",
          nanos / 1e3 / TrafficFixture.WEEK_MINUTES, TrafficFixture.WEEK_MINUTES);
    }
    try (RrdDb mail = open(Layout.MAIL)) {
      // Day archive: every minute's rate, as fed.
      FetchData day = fetch(mail, END - DAY, END, 60);
      int points = 0;
      for (int i = 0; i < day.getRowCount(); i++) {
        long t = day.getTimestamps()[i];
        if (t <= END - DAY || t > END) {
          continue;
        }
        long minute = TrafficFixture.minuteAt(t);
        assertClose(TrafficFixture.sent(minute), day.getValues("sent")[i] * 60, "sent at " + t);
        assertClose(TrafficFixture.received(minute), day.getValues("recv")[i] * 60, "recv");
        assertClose(minute % 50, day.getValues("queue")[i], "queue at " + t);
        points++;
      }
      assertEquals(1440, points);
      // Every archive's total over the periods it covers equals what was fed.
      for (long resolution : new long[] {60, 900, 3600, 43_200}) {
        long span = resolution == 60 ? DAY : WEEK;
        FetchData data = fetch(mail, END - span, END, resolution);
        assertEquals(resolution, data.getStep(), "archive chosen for " + resolution);
        String what = " over " + span + "s at " + resolution + "s";
        assertClose(fed(TrafficFixture::sent, span), total(data, "sent", span), "sent" + what);
        assertClose(fed(TrafficFixture::bounced, span), total(data, "bounced", span), "bounced");
        assertClose(fed(TrafficFixture::rejected, span), total(data, "rejected", span), "rej");
        assertClose(fed(TrafficFixture::deferred, span), total(data, "deferred", span), "def");
        assertClose(fed(TrafficFixture::sent, span), total(data, "dkim", span), "dkim" + what);
      }
    }
    try (RrdDb dns = open(Layout.DNS)) {
      FetchData week = fetch(dns, END - WEEK, END, 900);
      assertClose(fed(TrafficFixture::dnsNoError, WEEK), total(week, "noerror", WEEK), "noerror");
      assertClose(fed(m -> m % 7 == 0 ? 1 : 0, WEEK), total(week, "other", WEEK), "FORMERR");
      assertClose(fed(m -> m % 5, WEEK), total(week, "nxdomain", WEEK), "nxdomain");
    }
    try (RrdDb rsync = open(Layout.RSYNC)) {
      FetchData week = fetch(rsync, END - WEEK, END, 3600);
      assertClose(fed(TrafficFixture::rsyncBytes, WEEK), total(week, "bytes", WEEK), "bytes");
    }
  }

  @Test
  void filesStaySmall() throws IOException {
    try (RrdStore store = new RrdStore(dir, Duration.ofSeconds(60))) {
      new TrafficFixture().feed(store, END, 2);
    }
    long mail = Files.size(dir.resolve("mail.rrd"));
    System.out.printf("graphs bench: mail.rrd %d bytes (7 data sources)%n", mail);
    assertTrue(mail < 256 * 1024, "mail.rrd is " + mail + " bytes");
  }

  @Test
  void aRestartedDaemonContinuesTheSeriesWithCountersFromZero() throws IOException {
    try (RrdStore store = new RrdStore(dir, Duration.ofSeconds(60))) {
      new TrafficFixture().feed(store, END - DAY, 1440);
    }
    // New process: fresh registry (counters at 0), same files.
    try (RrdStore store = new RrdStore(dir, Duration.ofSeconds(60))) {
      new TrafficFixture().feed(store, END, 1440);
    }
    try (RrdDb mail = open(Layout.MAIL)) {
      FetchData twoDays = fetch(mail, END - 2 * DAY, END, 900);
      assertClose(
          fed(TrafficFixture::sent, 2 * DAY), total(twoDays, "sent", 2 * DAY), "both days");
    }
  }

  @Test
  void counterResetCountsTheNewValueNotANegativeIncrease() throws IOException {
    TrafficFixture traffic = new TrafficFixture();
    try (RrdStore store = new RrdStore(dir, Duration.ofSeconds(60))) {
      Sampler sampler = new Sampler(traffic.registry, store, Probes.ALL);
      traffic.count(0);
      sampler.sample(END - 120);
      // The registry is replaced under the same sampler: counters go from 38+ back to a few.
      TrafficFixture restarted = new TrafficFixture();
      Sampler same = new Sampler(restarted.registry, store, Probes.ALL);
      restarted.count(1);
      same.sample(END - 60);
      assertTrue(mailValue(store, "sent") >= 0);
    }
  }

  @Test
  void aCorruptOrDeletedFileIsRecreatedNotFatal() throws IOException {
    Files.writeString(dir.resolve("mail.rrd"), "not an rrd file, e.g. a truncated copy");
    TrafficFixture traffic = new TrafficFixture();
    try (RrdStore store = new RrdStore(dir, Duration.ofSeconds(60))) {
      Sampler sampler = new Sampler(traffic.registry, store, Probes.ALL);
      traffic.count(0);
      sampler.sample(END - 120);
      try (var files = Files.list(dir)) {
        assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("mail.rrd.bad-")));
      }
      Files.delete(dir.resolve("mail.rrd"));
      traffic.count(1);
      sampler.sample(END - 60);
      assertTrue(Files.isRegularFile(dir.resolve("mail.rrd")));
      // A clock stepping back is skipped, not an exception.
      sampler.sample(END - 600);
    }
    try (RrdDb mail = open(Layout.MAIL)) {
      assertEquals(END - 60, mail.getLastUpdateTime());
      assertFalse(Double.isNaN(mail.getLastDatasourceValue("queue")));
    }
  }

  private double mailValue(RrdStore store, String ds) throws IOException {
    RrdDb db = store.pool().requestRrdDb(dir.resolve("mail.rrd").toString());
    try {
      return db.getLastDatasourceValue(ds);
    } finally {
      db.close(); // back to the pool
    }
  }

  private RrdDb open(RrdFileSpec spec) throws IOException {
    return RrdDb.getBuilder().setPath(dir.resolve(spec.file()).toString()).readOnly().build();
  }

  private static FetchData fetch(RrdDb db, long start, long end, long resolution)
      throws IOException {
    return db.createFetchRequest(ConsolFun.AVERAGE, start, end, resolution).fetchData();
  }

  /** Sum of rate × step over rows inside (end - span, end]. */
  private static double total(FetchData data, String ds, long span) {
    long end = END;
    double sum = 0;
    long[] times = data.getTimestamps();
    double[] values = data.getValues(ds);
    for (int i = 0; i < times.length; i++) {
      if (times[i] > end - span && times[i] <= end && !Double.isNaN(values[i])) {
        sum += values[i] * data.getStep();
      }
    }
    return sum;
  }

  /** What the fixture counted in the minutes sampled in (END - span, END]. */
  private static double fed(LongUnaryOperator perMinute, long span) {
    double sum = 0;
    for (long t = END - span + 60; t <= END; t += 60) {
      sum += perMinute.applyAsLong(TrafficFixture.minuteAt(t));
    }
    return sum;
  }

  private static void assertClose(double expected, double actual, String what) {
    double tolerance = Math.max(1e-9, Math.abs(expected) * 0.01);
    assertEquals(expected, actual, tolerance, what);
  }
}
