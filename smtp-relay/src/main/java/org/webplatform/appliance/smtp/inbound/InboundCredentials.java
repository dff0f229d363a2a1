package org.webplatform.appliance.smtp.inbound;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.MailConfig;

/**
 * The listener's STARTTLS certificate and AUTH users, read at start and again at every reload
 * (SIGHUP), so a renewed certificate or a new user needs no restart.
 *
 * <p>Each file is read and checked completely (a key that does not belong to its certificate is
 * refused) before it replaces the one in use with a single reference swap: a session sees the
 * old or the new one, never a mix. A file that fails keeps the old one in use, with an error in
 * the log, until a later reload succeeds. A session already in TLS keeps its handshake; the next
 * STARTTLS presents the new certificate. Without {@code tls_cert} the generated self-signed
 * certificate stays for the life of the process.
 */
public final class InboundCredentials {
  private static final Logger log = LoggerFactory.getLogger("smtp-relay");

  private final MailConfig config;
  private final AtomicReference<SSLContext> tls;
  private final AtomicReference<UsersFile> users;
  private volatile List<String> problems = List.of();

  private InboundCredentials(MailConfig config, SSLContext tls, UsersFile users) {
    this.config = config;
    this.tls = new AtomicReference<>(tls);
    this.users = new AtomicReference<>(users);
  }

  /** Reads the configured files (or generates the self-signed certificate); fails on error. */
  public static InboundCredentials load(MailConfig config, String hostName, Clock clock)
      throws IOException, GeneralSecurityException {
    SSLContext tls;
    if (config.tlsCert().isPresent()) {
      TlsContexts.Loaded loaded =
          TlsContexts.fromPem(config.tlsCert().get(), config.tlsKey().orElseThrow());
      logCertificate("tls certificate", config.tlsCert().get(), loaded);
      tls = loaded.context();
    } else {
      tls = TlsContexts.selfSigned(hostName, clock.instant());
      log.info("no tls_cert configured: STARTTLS uses a generated self-signed certificate");
    }
    UsersFile users =
        config.usersFile().isPresent() ? UsersFile.read(config.usersFile().get()) : UsersFile.empty();
    return new InboundCredentials(config, tls, users);
  }

  /** The context for the next STARTTLS. */
  public SSLContext tls() {
    return tls.get();
  }

  /** The users for the next AUTH. */
  public UsersFile users() {
    return users.get();
  }

  /** AUTH is offered (after STARTTLS) whenever a users_file is configured. */
  public boolean authEnabled() {
    return config.usersFile().isPresent();
  }

  /** What the last reload could not read (the old data is in use for it); empty when none. */
  public List<String> problems() {
    return problems;
  }

  /** Re-reads tls_cert + tls_key and users_file; each replaces the old one only if it loads. */
  public void reload() {
    List<String> failed = new ArrayList<>();
    if (config.tlsCert().isPresent()) {
      Path cert = config.tlsCert().get();
      try {
        TlsContexts.Loaded loaded = TlsContexts.fromPem(cert, config.tlsKey().orElseThrow());
        tls.set(loaded.context());
        logCertificate("reloaded tls certificate", cert, loaded);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        failed.add("tls_cert " + cert + ": " + e.getMessage());
        log.error("reload failed tls_cert={} error=\"{}\"; the previous certificate stays in use",
            cert, e.getMessage());
      }
    }
    Optional<Path> usersFile = config.usersFile();
    if (usersFile.isPresent()) {
      try {
        UsersFile read = UsersFile.read(usersFile.get());
        users.set(read);
        log.info("reloaded users_file={} users={}", usersFile.get(), read.size());
      } catch (IOException | RuntimeException e) {
        failed.add("users_file " + usersFile.get() + ": " + e.getMessage());
        log.error("reload failed users_file={} error=\"{}\"; the previous users stay in use",
            usersFile.get(), e.getMessage());
      }
    }
    problems = List.copyOf(failed);
  }

  private static void logCertificate(String what, Path file, TlsContexts.Loaded loaded) {
    log.info("{} tls_cert={} subject=\"{}\" not_after={}", what, file,
        loaded.certificate().getSubjectX500Principal().getName(),
        loaded.certificate().getNotAfter().toInstant());
  }
}
