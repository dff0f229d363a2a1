package org.webplatform.appliance.graphs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdMemoryBackendFactory;
import org.webplatform.appliance.graphs.GraphsCommands;
import org.webplatform.appliance.graphs.render.GraphCatalog;
import org.webplatform.appliance.graphs.render.GraphRenderer;
import org.webplatform.appliance.graphs.render.Period;
import org.webplatform.appliance.graphs.render.PngCheck;

class MailgraphImportTest {
  /** Made by Debian's mailgraph 1.14 from a Postfix log (see its README.md). */
  static final Path MAILGRAPH = Path.of("/work/shared/data/mailgraph/mailgraph.rrd");

  @TempDir Path dir;

  @Test
  void importKeepsMailgraphsTotalsInEveryArchive() throws IOException {
    assumeTrue(Files.isReadable(MAILGRAPH), "reference file " + MAILGRAPH + " is not here");
    MailgraphImport.Result result =
        GraphsCommands.importMailgraph(MAILGRAPH, dir, Duration.ofSeconds(60));
    assertEquals(dir.resolve("mail.rrd"), result.target());
    assertEquals(List.of("sent", "recv", "bounced", "rejected"), result.sources());

    try (RrdDb original =
            RrdDb.getBuilder()
                .setPath("reference")
                .setBackendFactory(new RrdMemoryBackendFactory())
                .setRrdToolImporter(MAILGRAPH.toString())
                .build();
        RrdDb imported =
            RrdDb.getBuilder().setPath(result.target().toString()).readOnly().build()) {
      long last = original.getLastUpdateTime();
      assertEquals(last, imported.getLastUpdateTime());
      assertEquals(result.lastUpdate(), Instant.ofEpochSecond(last));
      // Mailgraph's own day archive (8-min rows) against each of our archives over a day.
      long from = last - 86_400;
      for (String ds : List.of("sent", "recv", "bounced", "rejected")) {
        double reference = total(original, ds, from, last, 480);
        assertTrue(reference > 0 || !ds.equals("sent"), ds + " has traffic");
        for (long resolution : new long[] {60, 900, 3600, 43_200}) {
          // An archive holds complete rows only: compare up to its last one.
          long end = last - Math.floorMod(last, resolution);
          double expected = total(original, ds, from, end, 480);
          double ours = total(imported, ds, from, end, resolution);
          assertEquals(expected, ours, Math.max(1, expected * 0.01), ds + " at " + resolution);
        }
        System.out.printf("graphs import: %s total %.0f msgs%n", ds, reference);
      }
      // The totals mailgraph.cgi printed in mailgraph_0.png, the day graph of this file.
      assertEquals(233_386, total(imported, "sent", from, last, 60), 233_386 * 0.01);
      assertEquals(233_379, total(imported, "recv", from, last, 60), 233_379 * 0.01);
    }

    // The sampler continues the imported series: once the current 12-h row is complete, the
    // year archive holds every imported message too (the partial row was carried over).
    try (RrdDb db = RrdDb.getBuilder().setPath(result.target().toString()).build()) {
      long last = db.getLastUpdateTime();
      long next = last - Math.floorMod(last, 43_200) + 43_200;
      for (long t = last + 60; t <= next; t += 60) {
        db.createSample(t).setValue("sent", 0).setValue("recv", 0).update();
      }
      assertEquals(233_386, total(db, "sent", next - 86_400, next, 43_200), 233_386 * 0.01);
      assertEquals(233_386, total(db, "sent", next - 86_400, next, 3600), 233_386 * 0.01);
    }

    // The graph of the imported history draws, through the command-line helper too.
    Path png = dir.resolve("mail-day.png");
    GraphsCommands.renderGraph(dir, "mail", "day", png, result.lastUpdate());
    PngCheck.assertGraph(Files.readAllBytes(png), 160, "imported mail-day");
    Files.createDirectories(Path.of("target/rendered"));
    Files.copy(png, Path.of("target/rendered/imported-mail-day.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertTrue(new GraphRenderer(dir, null).available(GraphCatalog.MAIL_ERRORS));
  }

  @Test
  void anExistingFileIsKeptAsideAndAForeignFileIsRefused() throws IOException {
    assumeTrue(Files.isReadable(MAILGRAPH), "reference file " + MAILGRAPH + " is not here");
    Files.writeString(dir.resolve("mail.rrd"), "ours");
    MailgraphImport.Result result = MailgraphImport.run(MAILGRAPH, dir, Duration.ofSeconds(60));
    assertEquals("ours", Files.readString(result.previous().orElseThrow()));

    Path junk = dir.resolve("junk.rrd");
    Files.writeString(junk, "not rrdtool");
    IOException e =
        assertThrows(
            IOException.class, () -> MailgraphImport.run(junk, dir, Duration.ofSeconds(60)));
    assertTrue(e.getMessage().contains("cannot import"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("mail.rrd")));
    assertThrows(
        IllegalArgumentException.class,
        () -> GraphsCommands.renderGraph(dir, "nope", "day", dir.resolve("x.png"), Instant.now()));
    assertThrows(
        IllegalArgumentException.class,
        () -> GraphsCommands.renderGraph(dir, "mail", "hour", dir.resolve("x.png"), Instant.now()));
  }

  @Test
  void resamplingWeighsOverlaps() {
    long[] times = {480, 960};
    double[] rates = {1.0, 3.0};
    assertEquals(1.0, MailgraphImport.resample(times, rates, 480, 0, 60));
    assertEquals(2.0, MailgraphImport.resample(times, rates, 480, 0, 960));
    // Half the interval after the last row: its messages spread over the whole interval.
    assertEquals(1.5, MailgraphImport.resample(times, rates, 480, 720, 1200), 1e-9);
    assertTrue(Double.isNaN(MailgraphImport.resample(times, rates, 480, 960, 1440)));
  }

  /** Messages in (from, to]: the sum of rate × step of the rows fetched at that resolution. */
  private static double total(RrdDb db, String ds, long from, long to, long resolution)
      throws IOException {
    FetchData data = db.createFetchRequest(ConsolFun.AVERAGE, from, to, resolution).fetchData();
    double sum = 0;
    long[] times = data.getTimestamps();
    double[] values = data.getValues(ds);
    for (int i = 0; i < times.length; i++) {
      if (times[i] > from && times[i] <= to && !Double.isNaN(values[i])) {
        sum += values[i] * data.getStep();
      }
    }
    return sum;
  }
}
