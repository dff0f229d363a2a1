package org.webplatform.appliance.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code rsync:} section: the rsync daemon (rsyncd.conf semantics, YAML syntax).
 *
 * @param listen rsync:// listeners (rsync daemon protocol over TCP, port 873 by default)
 * @param maxConnections sessions at most, all modules together (0 = unlimited)
 * @param timeout a session with no I/O for this long is ended (0 = none), rsyncd's {@code timeout}
 * @param motd optional file whose text every client is sent after the greeting, as rsyncd does
 * @param modules the modules by name, in config order
 */
public record RsyncConfig(
    List<InetSocketAddress> listen,
    int maxConnections,
    Duration timeout,
    Optional<Path> motd,
    Map<String, RsyncModuleConfig> modules) {

  public RsyncConfig {
    listen = List.copyOf(listen);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(motd, "motd");
    modules = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modules));
  }
}
