package org.webplatform.appliance.graphs.render;

import static org.webplatform.appliance.graphs.render.Legend.Plot.AREA;
import static org.webplatform.appliance.graphs.render.Legend.Plot.LINE;
import static org.webplatform.appliance.graphs.render.Legend.Plot.STACK;

import java.awt.Color;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.webplatform.appliance.graphs.store.Layout;

/**
 * Every graph the appliance draws, in page order. Colours and units follow mailgraph.cgi so the
 * mail graphs look like the ones admins know: sent is a blue area, received a green line,
 * bounced black, rejected a red line, all in messages per minute.
 */
public final class GraphCatalog {
  private static final Color BLUE = new Color(0x000099);
  private static final Color GREEN = new Color(0x009900);
  private static final Color RED = new Color(0xAA0000);
  private static final Color YELLOW = new Color(0xDDBB00);
  private static final Color GREY = new Color(0x999999);
  private static final Color ORANGE = new Color(0xCC6600);

  public static final GraphSpec MAIL =
      new GraphSpec(
          "mail",
          "Mail sent and received",
          Layout.MAIL,
          "msgs/min",
          160,
          false,
          (g, path) -> {
            Legend.counted(g, path, "sent", "Sent", BLUE, AREA, 60, "msgs", "msgs/min");
            Legend.counted(g, path, "recv", "Received", GREEN, LINE, 60, "msgs", "msgs/min");
          });

  /** The DKIM line is a graph of its own: it exists only where the relay signs. */
  public static final GraphSpec DKIM =
      new GraphSpec(
          "dkim",
          "Mail DKIM-signed",
          Layout.MAIL,
          "msgs/min",
          96,
          false,
          (g, path) ->
              Legend.counted(g, path, "dkim", "Signed", ORANGE, AREA, 60, "msgs", "msgs/min"));

  public static final GraphSpec MAIL_ERRORS =
      new GraphSpec(
          "errors",
          "Mail bounced, deferred and rejected",
          Layout.MAIL,
          "msgs/min",
          96,
          false,
          (g, path) -> {
            Legend.counted(
                g, path, "bounced", "Bounced", Color.BLACK, AREA, 60, "msgs", "msgs/min");
            Legend.counted(g, path, "deferred", "Deferred", YELLOW, LINE, 60, "msgs", "msgs/min");
            Legend.counted(g, path, "rejected", "Rejected", RED, LINE, 60, "msgs", "msgs/min");
          });

  public static final GraphSpec QUEUE =
      new GraphSpec(
          "queue",
          "Mail queue",
          Layout.MAIL,
          "msgs",
          96,
          false,
          (g, path) -> Legend.gauge(g, path, "queue", "Queued", new Color(0x6666CC), "msgs"));

  public static final GraphSpec DNS =
      new GraphSpec(
          "dns",
          "DNS responses by RCODE",
          Layout.DNS,
          "queries/s",
          160,
          false,
          (g, path) -> {
            Legend.counted(g, path, "noerror", "NOERROR", GREEN, AREA, 1, "queries", "q/s");
            Legend.counted(g, path, "nxdomain", "NXDOMAIN", YELLOW, STACK, 1, "queries", "q/s");
            Legend.counted(g, path, "refused", "REFUSED", GREY, STACK, 1, "queries", "q/s");
            Legend.counted(g, path, "servfail", "SERVFAIL", RED, STACK, 1, "queries", "q/s");
            Legend.counted(g, path, "other", "other", BLUE, STACK, 1, "queries", "q/s");
          });

  public static final GraphSpec RSYNC_BYTES =
      new GraphSpec(
          "rsync-bytes",
          "rsync bytes sent",
          Layout.RSYNC,
          "bytes/s",
          96,
          true,
          (g, path) -> Legend.scaled(g, path, "bytes", "Sent", BLUE, "B"));

  public static final GraphSpec RSYNC_SESSIONS =
      new GraphSpec(
          "rsync-sessions",
          "rsync sessions",
          Layout.RSYNC,
          "sessions/min",
          96,
          false,
          (g, path) ->
              Legend.counted(
                  g, path, "sessions", "Sessions", GREEN, AREA, 60, "sessions", "sessions/min"));

  public static final List<GraphSpec> ALL =
      List.of(MAIL, MAIL_ERRORS, DKIM, QUEUE, DNS, RSYNC_BYTES, RSYNC_SESSIONS);

  private GraphCatalog() {}

  public static Optional<GraphSpec> byName(String name) {
    return ALL.stream().filter(g -> g.name().equals(name)).findFirst();
  }

  public static String names() {
    return ALL.stream().map(GraphSpec::name).collect(Collectors.joining(", "));
  }
}
