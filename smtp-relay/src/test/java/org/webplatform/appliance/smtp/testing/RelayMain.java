package org.webplatform.appliance.smtp.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.role.RoleContext;
import org.webplatform.appliance.smtp.SmtpRelayRole;

/**
 * Runs the relay role alone from a config file: the child process of the crash test and the
 * bench until the daemon wires the role. Prints "READY host:port" once serving.
 */
public final class RelayMain {
  private RelayMain() {}

  public static void main(String[] args) throws Exception {
    ApplianceConfig config = ConfigLoader.load(Path.of(args[0]));
    SmtpRelayRole role =
        new SmtpRelayRole(
            config.mail().orElseThrow(),
            new RoleContext(new PrometheusRegistry(), Clock.systemUTC()));
    role.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> role.stop(Duration.ofSeconds(5))));
    System.out.println("READY " + role.boundAddresses().get(0));
    System.out.flush();
    Thread.currentThread().join();
  }
}
