package org.webplatform.appliance.daemon;

import io.netty.util.ResourceLeakDetector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.ConfigException;
import org.webplatform.appliance.config.ConfigProblem;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.daemon.admin.AdminServer;
import org.webplatform.appliance.daemon.admin.DnsPoolEndpoint;
import org.webplatform.appliance.daemon.admin.DnsStatsEndpoint;
import org.webplatform.appliance.daemon.admin.QueueEndpoint;
import org.webplatform.appliance.daemon.systemd.ServiceStatus;
import org.webplatform.appliance.daemon.systemd.SystemdNotifier;
import org.webplatform.appliance.dns.DnsRole;
import org.webplatform.appliance.graphs.GraphsRole;
import org.webplatform.appliance.role.Role;
import org.webplatform.appliance.role.RoleContext;
import org.webplatform.appliance.smtp.SmtpRelayRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code appliance run}: starts every enabled role and the admin listener, then serves until
 * SIGTERM/SIGINT (clean stop, exit 0). SIGHUP reloads every role's data (zones...) and re-checks
 * the config file. Under systemd ({@code Type=notify}) it reports READY=1 once every role listens,
 * RELOADING=1/READY=1 around a reload and STOPPING=1 when it stops.
 */
@Command(name = "run", description = "Run the daemon (foreground).")
final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

  /**
   * Netty samples about 1 % of its buffers with a stack trace to find leaks: ≈ 0.2 µs of CPU per
   * DNS query in the daemon (bench/RESULTS.md, DNS profile). The tests keep it on; the daemon
   * turns it off unless {@code -Dio.netty.leakDetection.level} asks for a level.
   */
  private static void disableBufferLeakSampling() {
    if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    disableBufferLeakSampling();
    ApplianceConfig parsed;
    try {
      parsed = loadConfig();
    } catch (ConfigException e) {
      for (ConfigProblem problem : e.problems()) {
        log.error("config problem: {}", problem);
      }
      return 1;
    }
    log.info(
        "starting version={} config={} level={} roles={} modules={}{}",
        VersionCommand.version(),
        parsed.source(),
        parsed.level(),
        parsed.roles().stream().map(r -> r.key()).toList(),
        parsed.modules(),
        parsed.unavailableModules().isEmpty()
            ? ""
            : " not_yet_available=" + parsed.unavailableModules());

    PrometheusRegistry registry = new PrometheusRegistry();
    RoleContext context = new RoleContext(registry, Clock.systemUTC());
    RoleRunner runner = new RoleRunner(RoleCatalog.build(parsed, context));
    AdminServer admin = new AdminServer(parsed.admin().listen(), registry, runner::health,
        runner::roles, parsed.level());

    for (Role role : runner.roles()) {
      if (role instanceof SmtpRelayRole relay) {
        admin.route("/queue", new QueueEndpoint(relay::queueAdmin));
      }
      if (role instanceof DnsRole dns) {
        admin.route(DnsStatsEndpoint.PATH, new DnsStatsEndpoint(dns::statsJson));
        admin.route("/dns/pools", new DnsPoolEndpoint(dns.pools()));
      }
      if (role instanceof GraphsRole graphs) {
        // With the slash: the JDK matches prefixes, and /graphsfoo is not ours.
        admin.route("/graphs/", graphs.httpHandler(hostName(), parsed.level()));
      }
    }

    SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
    CountDownLatch stopRequested = new CountDownLatch(1);
    Signals.onTerminate(
        signal -> {
          log.info("stop requested signal={}", signal);
          systemd.stopping();
          stopRequested.countDown();
        });
    Signals.onHangup(() -> reload(parsed, runner, systemd, admin));

    try {
      runner.startAll(STOP_GRACE);
      admin.start();
    } catch (Exception e) {
      log.error("start failed error=\"{}\"", e.toString());
      systemd.status("start failed: " + e);
      admin.stop();
      runner.stopAll(STOP_GRACE);
      return 1;
    }
    log.info("ready modules={} admin={}", parsed.modules(), HostPort.format(admin.address()));
    systemd.ready(ServiceStatus.of(runner.health(), HostPort.format(admin.address())));
    stopRequested.await();
    admin.stop();
    runner.stopAll(STOP_GRACE);
    log.info("stopped");
    systemd.close();
    return 0;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private ApplianceConfig loadConfig() throws ConfigException {
    Path dir = ConfigSource.defaultDirectory();
    if (config.file == null) {
      log.info("no --config given: using the embedded default config, written to {}", dir);
    }
    return ConfigSource.load(config.file, dir);
  }

  /**
   * SIGHUP: roles re-read their data files. The config file is re-parsed only to tell the admin
   * whether it is valid and whether it changed: listeners and roles are fixed for the process's
   * life, so config changes apply at the next restart.
   */
  private void reload(
      ApplianceConfig running, RoleRunner runner, SystemdNotifier systemd, AdminServer admin) {
    log.info("reload requested signal=HUP");
    systemd.reloading();
    runner.reloadAll();
    recheckConfig(running);
    systemd.reloaded(ServiceStatus.of(runner.health(), HostPort.format(admin.address())));
  }

  private void recheckConfig(ApplianceConfig running) {
    if (config.file == null) {
      return;
    }
    try {
      ApplianceConfig fresh = ConfigSource.load(config.file, null);
      if (!fresh.equals(running)) {
        log.warn("config file changed: restart to apply it config={}", config.file);
      }
    } catch (ConfigException e) {
      for (ConfigProblem problem : e.problems()) {
        log.error("config problem (running config kept): {}", problem);
      }
    }
  }
}
