package org.webplatform.appliance.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The health check of a pool's members ({@code dns.pools.NAME.monitor}), with gdnsd's anti-flap
 * state machine: a member goes down after {@code downThreshold} failed checks in a row and up
 * again after {@code upThreshold} good checks in a row.
 *
 * @param type what a check does
 * @param port the TCP port checked on every member (http: 80, https: 443 unless set)
 * @param path http/https: the request path
 * @param host http/https: the Host header and, for https, the TLS server name checked against
 *     the certificate; empty: the member's address
 * @param okCodes http/https: the status codes that count as healthy
 * @param insecure https: accept any certificate (self-signed internal services)
 * @param interval time between the starts of two checks of one member
 * @param timeout a check that has not succeeded within this fails; shorter than {@code interval}
 * @param upThreshold good checks in a row that bring a down member up
 * @param downThreshold failed checks in a row that take an up member down
 */
public record DnsPoolMonitor(
    Type type,
    int port,
    String path,
    Optional<String> host,
    List<Integer> okCodes,
    boolean insecure,
    Duration interval,
    Duration timeout,
    int upThreshold,
    int downThreshold) {

  public DnsPoolMonitor {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(host, "host");
    okCodes = List.copyOf(okCodes);
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** What a check does. */
  public enum Type {
    /** A TCP connect within the timeout (gdnsd tcp_connect). */
    TCP,
    /** An HTTP/1.1 GET whose status is in ok_codes (gdnsd http_status). */
    HTTP,
    /** The same over TLS. */
    HTTPS,
    /** No checks: members are up unless the admin state says otherwise. */
    NONE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
