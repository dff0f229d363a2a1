package org.webplatform.appliance.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The {@code admin:} section: the HTTP listener for {@code /health} and {@code /metrics}.
 * Loopback by default; anything else must be configured explicitly.
 */
public record AdminConfig(InetSocketAddress listen) {
  public AdminConfig {
    Objects.requireNonNull(listen, "listen");
  }
}
