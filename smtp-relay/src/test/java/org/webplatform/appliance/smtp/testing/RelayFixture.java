package org.webplatform.appliance.smtp.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.config.MailConfig;
import org.webplatform.appliance.role.RoleContext;
import org.webplatform.appliance.smtp.SmtpRelayRole;

/** Starts a relay role from a {@code mail:} YAML body, with its own registry, on 127.0.0.1:0. */
public final class RelayFixture implements AutoCloseable {
  public final SmtpRelayRole role;
  public final PrometheusRegistry registry = new PrometheusRegistry();
  public final Path spool;

  public RelayFixture(Path dir, Clock clock, String mailYaml) throws Exception {
    this.spool = dir.resolve("spool");
    role = new SmtpRelayRole(config(dir, mailYaml), new RoleContext(registry, clock));
    role.start();
  }

  /** Parses "mail:" YAML; listen, hostname and spool get test defaults unless given. */
  public static MailConfig config(Path dir, String mailYaml) throws Exception {
    StringBuilder yaml = new StringBuilder("modules: [smtp-relay]\nmail:\n");
    if (!mailYaml.contains("listen:")) {
      yaml.append("  listen: [\"127.0.0.1:0\"]\n");
    }
    if (!mailYaml.contains("hostname:")) {
      yaml.append("  hostname: relay.anchor.test\n");
    }
    if (!mailYaml.contains("spool:")) {
      yaml.append("  spool: spool\n");
    }
    yaml.append(mailYaml.indent(2));
    return ConfigLoader.parse("test.yaml", yaml.toString(), dir).mail().orElseThrow();
  }

  /** A counter's value summed over its labels (the name without {@code _total}). */
  public double counter(String name) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals(name))
        .flatMap(m -> m.getDataPoints().stream())
        .mapToDouble(d -> ((CounterSnapshot.CounterDataPointSnapshot) d).getValue())
        .sum();
  }

  public InetSocketAddress address() {
    return role.boundAddresses().get(0);
  }

  public int port() {
    return address().getPort();
  }

  /** Files in the queue directory (accepted, not yet delivered). */
  public long queued() throws IOException {
    try (var files = Files.list(spool.resolve("queue"))) {
      return files.count();
    }
  }

  public void awaitEmptyQueue(Duration timeout) {
    Waits.until(timeout, () -> {
      try {
        return queued() == 0;
      } catch (IOException e) {
        return false;
      }
    }, () -> "empty queue");
  }

  @Override
  public void close() {
    role.stop(Duration.ofSeconds(2));
  }
}
