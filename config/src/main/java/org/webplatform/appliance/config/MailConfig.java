package org.webplatform.appliance.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code mail:} section: the SMTP relay (Postfix semantics; the Postfix parameter each field
 * replaces is named in brackets).
 *
 * @param listen SMTP listeners [inet_interfaces], port 25 by default
 * @param hostname our name in the greeting, EHLO, Received headers and bounces [myhostname]; empty
 *     means the machine's name, looked up once at start
 * @param spool the queue directory [queue_directory]; created at start when missing
 * @param relayNetworks clients that may relay to any destination [mynetworks]
 * @param relayDomains domains anyone may send to, each with its next hop (an IP literal and
 *     port) [relay_domains + transport_maps]
 * @param relayhost optional smarthost for all other mail [relayhost], an IP literal and port
 * @param resolvers DNS servers for MX lookups; empty means the system's resolv.conf
 * @param deliveryPort the port outbound connections go to (25; tests use high ports)
 * @param tlsCert PEM certificate chain for STARTTLS; without it a self-signed one is generated
 * @param tlsKey PEM PKCS#8 private key of {@code tlsCert}
 * @param usersFile {@code user:hash} lines for AUTH (offered only after STARTTLS)
 * @param limits connection, size and time limits of the listener
 * @param delivery retry and concurrency settings of the queue manager
 * @param dkim DKIM signing of outgoing mail [OpenDKIM's KeyTable/SigningTable]; no keys = off
 */
public record MailConfig(
    List<InetSocketAddress> listen,
    String hostname,
    Path spool,
    List<Cidr> relayNetworks,
    Map<String, InetSocketAddress> relayDomains,
    Optional<InetSocketAddress> relayhost,
    List<InetSocketAddress> resolvers,
    int deliveryPort,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Optional<Path> usersFile,
    Limits limits,
    Delivery delivery,
    Dkim dkim) {

  /** Without DKIM signing (the shape before {@code mail.dkim} existed). */
  public MailConfig(
      List<InetSocketAddress> listen,
      String hostname,
      Path spool,
      List<Cidr> relayNetworks,
      Map<String, InetSocketAddress> relayDomains,
      Optional<InetSocketAddress> relayhost,
      List<InetSocketAddress> resolvers,
      int deliveryPort,
      Optional<Path> tlsCert,
      Optional<Path> tlsKey,
      Optional<Path> usersFile,
      Limits limits,
      Delivery delivery) {
    this(listen, hostname, spool, relayNetworks, relayDomains, relayhost, resolvers,
        deliveryPort, tlsCert, tlsKey, usersFile, limits, delivery, Dkim.NONE);
  }

  public MailConfig {
    listen = List.copyOf(listen);
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(spool, "spool");
    relayNetworks = List.copyOf(relayNetworks);
    relayDomains = Collections.unmodifiableMap(new LinkedHashMap<>(relayDomains));
    Objects.requireNonNull(relayhost, "relayhost");
    resolvers = List.copyOf(resolvers);
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    Objects.requireNonNull(usersFile, "usersFile");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(dkim, "dkim");
  }

  /**
   * Listener limits.
   *
   * @param maxConnections sessions at most, all clients together [default_process_limit]
   * @param maxConnectionsPerClient sessions at most per client IP
   *     [smtpd_client_connection_count_limit]
   * @param messageSizeLimit bytes of message content at most [message_size_limit]
   * @param recipientLimit recipients per message at most [smtpd_recipient_limit]
   * @param commandTimeout a client silent this long is disconnected [smtpd_timeout]
   * @param dataTimeout the whole DATA phase may take at most this long (stops slow trickles)
   */
  public record Limits(
      int maxConnections,
      int maxConnectionsPerClient,
      long messageSizeLimit,
      int recipientLimit,
      Duration commandTimeout,
      Duration dataTimeout) {
    public Limits {
      Objects.requireNonNull(commandTimeout, "commandTimeout");
      Objects.requireNonNull(dataTimeout, "dataTimeout");
    }
  }

  /**
   * Queue manager settings.
   *
   * @param minimalBackoff first retry delay after a temporary failure [minimal_backoff_time]
   * @param maximalBackoff retry delays double up to this [maximal_backoff_time]
   * @param maximalQueueLifetime a message still undelivered after this bounces
   *     [maximal_queue_lifetime]
   * @param destinationConcurrency parallel connections per destination at most
   *     [default_destination_concurrency_limit]
   * @param deliveryThreads messages delivered in parallel at most [default_process_limit]
   * @param connectTimeout outbound TCP connect timeout [smtp_connect_timeout]
   * @param hopCountLimit a message with more Received headers bounces [hopcount_limit]
   */
  public record Delivery(
      Duration minimalBackoff,
      Duration maximalBackoff,
      Duration maximalQueueLifetime,
      int destinationConcurrency,
      int deliveryThreads,
      Duration connectTimeout,
      int hopCountLimit) {
    public Delivery {
      Objects.requireNonNull(minimalBackoff, "minimalBackoff");
      Objects.requireNonNull(maximalBackoff, "maximalBackoff");
      Objects.requireNonNull(maximalQueueLifetime, "maximalQueueLifetime");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
    }
  }

  /** What the relay does with a message it should sign but cannot [On-SignatureError]. */
  public enum DkimOnError {
    /** Keep it queued and retry later (the default): never send unsigned silently. */
    DEFER,
    /** Send it unsigned, with a warning in the log. */
    DELIVER
  }

  /**
   * DKIM signing (RFC 6376, RFC 8463).
   *
   * @param onError what to do with a message that cannot be signed [On-SignatureError]
   * @param headerCanonicalization "relaxed" or "simple" [Canonicalization]
   * @param bodyCanonicalization "relaxed" or "simple"
   * @param expireAfter optional signature lifetime: the x= tag [SignatureTTL]
   * @param keys signing keys by name [KeyTable]
   * @param signingTable sender pattern ({@code *@domain}, {@code user@domain}, {@code
   *     *@*.domain}) to key names, first match wins [SigningTable refile:]; a sender no pattern
   *     matches is signed with the active keys of its From: domain
   */
  public record Dkim(
      DkimOnError onError,
      String headerCanonicalization,
      String bodyCanonicalization,
      Optional<Duration> expireAfter,
      Map<String, DkimKey> keys,
      Map<String, List<String>> signingTable) {
    /** No signing. */
    public static final Dkim NONE =
        new Dkim(DkimOnError.DEFER, "relaxed", "relaxed", Optional.empty(), Map.of(), Map.of());

    public Dkim {
      Objects.requireNonNull(onError, "onError");
      Objects.requireNonNull(headerCanonicalization, "headerCanonicalization");
      Objects.requireNonNull(bodyCanonicalization, "bodyCanonicalization");
      Objects.requireNonNull(expireAfter, "expireAfter");
      keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
      Map<String, List<String>> table = new LinkedHashMap<>();
      signingTable.forEach((pattern, names) -> table.put(pattern, List.copyOf(names)));
      signingTable = Collections.unmodifiableMap(table);
    }

    public boolean enabled() {
      return !keys.isEmpty();
    }
  }

  /**
   * One DKIM key.
   *
   * @param domain the d= domain; mail whose From: domain equals it is signed with it
   * @param selector the s= selector: the key is published at selector._domainkey.domain
   * @param keyFile PKCS#8 PEM private key, mode 0600 (refused when others may read it)
   * @param algorithm "rsa" (rsa-sha256) or "ed25519" (ed25519-sha256, RFC 8463)
   * @param active signs new mail; an inactive key stays published during rotation
   */
  public record DkimKey(
      String domain, String selector, Path keyFile, String algorithm, boolean active) {
    public DkimKey {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(selector, "selector");
      Objects.requireNonNull(keyFile, "keyFile");
      Objects.requireNonNull(algorithm, "algorithm");
    }
  }
}
