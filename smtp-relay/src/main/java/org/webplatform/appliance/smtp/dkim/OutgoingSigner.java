package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.MailConfig;

/**
 * The relay's signing step, run by the queue manager right before each delivery attempt: picks
 * the keys for the From: domain ({@link SigningTable}), signs the spooled bytes and hands back
 * the DKIM-Signature fields to send in front of them. A message it cannot sign is deferred
 * ({@link Unsignable}) or, with {@code on_error: deliver}, sent unsigned; either way it logs a
 * line with the queue id.
 */
public final class OutgoingSigner {
  private static final Logger log = LoggerFactory.getLogger("smtp-relay");

  /** Signing failed and {@code on_error} is defer: keep the message queued. */
  public static final class Unsignable extends Exception {
    private static final long serialVersionUID = 1L;

    Unsignable(String message) {
      super(message);
    }
  }

  /** Opens the message content. */
  public interface Content {
    InputStream open() throws IOException;
  }

  private final MailConfig.Dkim config;
  private final SigningTable table;
  private final DkimSigner signer;
  private final DkimMetrics metrics;
  private final Clock clock;
  private final Map<String, DkimKey> loaded = new ConcurrentHashMap<>();

  public OutgoingSigner(MailConfig.Dkim config, DkimMetrics metrics, Clock clock) {
    this.config = config;
    this.table = new SigningTable(config);
    this.signer = new DkimSigner(
        Canonicalization.parse(config.headerCanonicalization()),
        Canonicalization.parse(config.bodyCanonicalization()),
        config.expireAfter());
    this.metrics = metrics;
    this.clock = clock;
    for (Map.Entry<String, MailConfig.DkimKey> e : config.keys().entrySet()) {
      try {
        key(e.getKey());
      } catch (IOException ex) {
        // Not fatal at start: mail for other domains still flows; this domain's mail defers.
        log.error("dkim key={} unusable: {}", e.getKey(), ex.getMessage());
      }
    }
  }

  public boolean enabled() {
    return config.enabled();
  }

  /**
   * The DKIM-Signature fields for queue file {@code id} (empty when no key applies, or when
   * signing failed and on_error is deliver).
   */
  public byte[] signatureFor(String id, Content content) throws Unsignable {
    if (!config.enabled()) {
      return new byte[0];
    }
    List<DkimKey> used = new ArrayList<>();
    try (InputStream in = content.open()) {
      byte[] fields = signer.sign(in, (address, domain) -> {
        for (String name : table.keysFor(address, domain)) {
          used.add(key(name));
        }
        return used;
      }, clock.instant());
      for (DkimKey k : used) {
        metrics.signed(k);
      }
      if (fields.length > 0 && log.isDebugEnabled()) {
        log.debug("id={} dkim=signed keys={}", id, used.stream().map(DkimKey::recordName)
            .toList());
      }
      return fields;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      metrics.failed();
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      if (config.onError() == MailConfig.DkimOnError.DELIVER) {
        log.warn("id={} dkim=failed action=deliver-unsigned reason=\"{}\"", id, reason);
        return new byte[0];
      }
      log.warn("id={} dkim=failed action=defer reason=\"{}\"", id, reason);
      throw new Unsignable("DKIM signing failed: " + reason);
    }
  }

  /** The loaded key; a key that failed to load is retried, so fixing the file needs no restart. */
  private DkimKey key(String name) throws IOException {
    DkimKey k = loaded.get(name);
    if (k != null) {
      return k;
    }
    MailConfig.DkimKey c = config.keys().get(name);
    k = DkimKeys.load(c.keyFile(), c.domain(), c.selector(), DkimAlgorithm.parse(c.algorithm()));
    loaded.put(name, k);
    return k;
  }
}
