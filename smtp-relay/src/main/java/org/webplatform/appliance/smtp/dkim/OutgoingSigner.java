package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.Cidr;
import org.webplatform.appliance.config.MailConfig;
import org.webplatform.appliance.smtp.queue.DeliveryState;
import org.webplatform.appliance.smtp.queue.Envelope;
import org.webplatform.appliance.smtp.queue.Origin;

/**
 * The relay's signing step, run by the queue manager right before each delivery attempt: picks
 * the keys for the From: domain ({@link SigningTable}), signs the spooled bytes and hands back
 * the DKIM-Signature fields to send in front of them. A message it cannot sign is deferred
 * ({@link Unsignable}) or, with {@code on_error: deliver}, sent unsigned; either way it logs a
 * line with the queue id.
 *
 * <p>Only trusted submissions are signed (OpenDKIM signs only for InternalHosts and authenticated
 * clients): the From: field is the client's word, so mail from outside {@code relay_networks}
 * (accepted for a {@code relay_domains} domain) goes out unsigned whatever it claims. The origin
 * comes from the queue file; see {@link #trusted(Envelope)} for files that predate it.
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
  private final List<Cidr> relayNetworks;
  private final SigningTable table;
  private final SignatureEngine engine;
  private final DkimSigner signer;
  private final DkimMetrics metrics;
  private final Clock clock;
  private final Map<String, DkimKey> loaded = new ConcurrentHashMap<>();

  public OutgoingSigner(
      MailConfig.Dkim config, List<Cidr> relayNetworks, DkimMetrics metrics, Clock clock) {
    this.config = config;
    this.relayNetworks = List.copyOf(relayNetworks);
    this.table = new SigningTable(config);
    // Conscrypt's native library is loaded (extracted to java.io.tmpdir) only to sign.
    this.engine = config.enabled() ? SignatureEngine.fastest() : SignatureEngine.jdk();
    this.signer = new DkimSigner(
        Canonicalization.parse(config.headerCanonicalization()),
        Canonicalization.parse(config.bodyCanonicalization()),
        config.expireAfter(),
        engine);
    this.metrics = metrics;
    this.clock = clock;
    if (config.enabled()) {
      // Once the signing library is in (SignatureEngine loads it in the background), the keys
      // are loaded so that a broken one is reported now rather than at the first message.
      engine.whenLoaded(description -> {
        log.info("dkim rsa_engine=\"{}\"", description);
        for (String name : config.keys().keySet()) {
          try {
            key(name);
          } catch (IOException ex) {
            // Not fatal: mail for other domains still flows; this domain's mail defers.
            log.error("dkim key={} unusable: {}", name, ex.getMessage());
          }
        }
      });
    }
  }

  public boolean enabled() {
    return config.enabled();
  }

  /**
   * What signing gave for one attempt: the DKIM-Signature fields to send in front of the message
   * (empty for none) and the decision to keep in the message's delivery state.
   */
  public record Signing(byte[] fields, DeliveryState.Dkim decision) {}

  /**
   * Signs queue file {@code id} for this attempt. No fields when the message is not a trusted
   * submission, when no key applies, or when signing failed and on_error is deliver. {@code
   * state} is the message's state before this attempt: a decision is logged (and a signed
   * message counted) only when it differs from the one recorded there, so once per message.
   */
  public Signing sign(String id, Envelope envelope, DeliveryState state, Content content)
      throws Unsignable {
    Signing unchanged = new Signing(new byte[0], state.dkim());
    if (!config.enabled()) {
      return unchanged;
    }
    if (!trusted(envelope)) {
      if (state.dkim() != DeliveryState.Dkim.SKIPPED) {
        log.info("id={} dkim=skipped reason=untrusted-client", id);
      }
      return new Signing(new byte[0], DeliveryState.Dkim.SKIPPED);
    }
    List<DkimKey> used = new ArrayList<>();
    try (InputStream in = content.open()) {
      byte[] fields = signer.sign(in, (address, domain) -> {
        for (String name : table.keysFor(address, domain)) {
          used.add(key(name));
        }
        return used;
      }, clock.instant());
      if (fields.length == 0) {
        return unchanged;
      }
      for (DkimKey k : used) {
        metrics.signature(k);
      }
      if (state.dkim() != DeliveryState.Dkim.SIGNED) {
        metrics.messageSigned(used.get(0));
        log.info("id={} dkim=signed d={} s={}", id,
            used.stream().map(DkimKey::domain).distinct().collect(Collectors.joining(",")),
            used.stream().map(DkimKey::selector).collect(Collectors.joining(",")));
      }
      return new Signing(fields, DeliveryState.Dkim.SIGNED);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      metrics.failed();
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      if (config.onError() == MailConfig.DkimOnError.DELIVER) {
        log.warn("id={} dkim=failed action=deliver-unsigned reason=\"{}\"", id, reason);
        return unchanged;
      }
      log.warn("id={} dkim=failed action=defer reason=\"{}\"", id, reason);
      throw new Unsignable("DKIM signing failed: " + reason);
    }
  }

  /**
   * Whether a trusted client submitted the message. Queue files written before the origin was
   * recorded (format APQ1) count as trusted only when their recorded client address is in
   * today's {@code relay_networks}: an authenticated client outside them cannot be told from an
   * outsider any more, so its old mail goes out unsigned rather than risk signing a forgery.
   * Old bounces (client {@code local}, a name no SMTP client can get) stay trusted.
   */
  boolean trusted(Envelope envelope) {
    if (envelope.origin() != Origin.UNRECORDED) {
      return envelope.origin().trusted();
    }
    if (envelope.client().equals(Origin.LOCAL.token())) {
      return true;
    }
    return envelope.clientAddress()
        .map(ip -> relayNetworks.stream().anyMatch(net -> net.contains(ip)))
        .orElse(false);
  }

  /** The loaded key; a key that failed to load is retried, so fixing the file needs no restart. */
  private DkimKey key(String name) throws IOException {
    DkimKey k = loaded.get(name);
    if (k != null) {
      return k;
    }
    MailConfig.DkimKey c = config.keys().get(name);
    k = DkimKeys.load(c.keyFile(), c.domain(), c.selector(), DkimAlgorithm.parse(c.algorithm()));
    try {
      k = engine.prepare(k);
    } catch (GeneralSecurityException e) {
      throw new IOException("key file " + c.keyFile() + " not usable by " + engine.description()
          + ": " + e, e);
    }
    loaded.put(name, k);
    return k;
  }
}
