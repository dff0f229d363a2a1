package org.webplatform.appliance.dns;

import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.DnsTransferConfig;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.dns.answer.AnswerObserver;
import org.webplatform.appliance.dns.server.TransferAnswerer;
import org.webplatform.appliance.dns.transfer.NotifySender;
import org.webplatform.appliance.dns.transfer.NotifyTarget;
import org.webplatform.appliance.dns.transfer.TransferMetrics;
import org.webplatform.appliance.dns.transfer.TransferResponder;
import org.webplatform.appliance.dns.transfer.TsigKeyring;
import org.webplatform.appliance.role.RoleContext;

/**
 * The role's zone transfer out: the answerer of AXFR/IXFR requests and, with {@code
 * also_notify}, the NOTIFY sender hooked to zone reloads. Transfers carry the snapshot queries are
 * answered from (published DKIM keys included, DYNA names with their pools' current addresses).
 * Lifecycle follows the role: {@link #start()} once the listeners serve (a secondary told about a
 * zone must be able to fetch it), {@link #close()} on stop.
 */
final class ZoneTransfers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZoneTransfers.class);

  private final DnsTransferConfig config;
  private final ServedZones zones;
  private final TransferResponder responder;
  private final NotifySender sender;
  private final SecondaryNotifier notifier;

  ZoneTransfers(
      DnsTransferConfig config,
      RoleContext context,
      ServedZones zones,
      int payload,
      AnswerObserver observer) {
    this.config = config;
    this.zones = zones;
    TsigKeyring keys = TsigKeyring.from(config.tsigKeys(), context.clock());
    TransferMetrics metrics = new TransferMetrics(context.metrics());
    this.responder =
        new TransferResponder(
            zones::current, config, keys, payload, observer, metrics, context.clock());
    List<NotifyTarget> targets = NotifyTarget.from(config, keys);
    if (targets.isEmpty()) {
      this.sender = null;
      this.notifier = null;
    } else {
      this.sender = new NotifySender(targets, config.notifySource(), metrics);
      this.notifier = new SecondaryNotifier(sender::notify);
      // Registered now, so no reload between here and start() goes unannounced.
      zones.listener(notifier);
    }
  }

  /** Answers AXFR and IXFR before the general responder sees them. */
  TransferAnswerer answerer() {
    return responder;
  }

  /** Opens the NOTIFY socket and announces every zone served. */
  void start() throws IOException, InterruptedException {
    if (sender != null) {
      sender.start();
      notifier.serving(zones.current());
    }
    log.info(
        "zone transfer allow_transfer={} tsig_keys={} also_notify={}",
        config.allowTransfer().size(),
        config.tsigKeys().size(),
        config.alsoNotify().stream().map(t -> HostPort.format(t.address())).toList());
  }

  @Override
  public void close() {
    if (sender != null) {
      sender.close();
    }
  }
}
