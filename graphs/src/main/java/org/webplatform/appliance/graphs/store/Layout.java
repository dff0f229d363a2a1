package org.webplatform.appliance.graphs.store;

import static org.webplatform.appliance.graphs.store.RrdFileSpec.Source.count;
import static org.webplatform.appliance.graphs.store.RrdFileSpec.Source.gauge;

import java.util.List;

/**
 * The rrd files the appliance keeps: one per role, named after it. {@code mail.rrd} starts with
 * Mailgraph's four data sources under Mailgraph's names, so an imported history lines up.
 */
public final class Layout {
  public static final RrdFileSpec MAIL =
      new RrdFileSpec(
          "mail.rrd",
          List.of(
              count("sent"),
              count("recv"),
              count("bounced"),
              count("rejected"),
              count("deferred"),
              count("dkim"),
              gauge("queue")));

  /** Responses by RCODE; the rare ones (FORMERR, NOTIMP, YXDOMAIN...) share {@code other}. */
  public static final RrdFileSpec DNS =
      new RrdFileSpec(
          "dns.rrd",
          List.of(
              count("noerror"), count("nxdomain"), count("servfail"), count("refused"),
              count("other")));

  public static final RrdFileSpec RSYNC =
      new RrdFileSpec("rsync.rrd", List.of(count("bytes"), count("sessions")));

  public static final List<RrdFileSpec> ALL = List.of(MAIL, DNS, RSYNC);

  private Layout() {}
}
