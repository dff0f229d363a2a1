package org.webplatform.appliance.rsync;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.webplatform.appliance.config.RsyncConfig;
import org.webplatform.appliance.config.RsyncModuleConfig;
import org.webplatform.appliance.role.RoleContext;

/**
 * Runs one RsyncRole for bench/rsync.sh until stdin closes:
 * {@code BenchServer PORT MODULE DIR}. Prints "READY port" once accepting.
 */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    RsyncModuleConfig module =
        new RsyncModuleConfig(
            args[1], Path.of(args[2]), "bench tree", true, true, List.of(), List.of(), List.of(),
            Optional.empty(), 0, Duration.ZERO, List.of(), List.of(), List.of(), List.of());
    RsyncConfig config =
        new RsyncConfig(
            List.of(new InetSocketAddress("127.0.0.1", port)), 0, Duration.ofSeconds(300),
            Optional.empty(), Map.of(args[1], module));
    RsyncRole role =
        new RsyncRole(config, new RoleContext(new PrometheusRegistry(), Clock.systemUTC()));
    role.start();
    System.out.println("READY " + role.boundAddresses().get(0).getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // Wait for the script to close our stdin.
    }
    role.stop(Duration.ofSeconds(2));
  }
}
