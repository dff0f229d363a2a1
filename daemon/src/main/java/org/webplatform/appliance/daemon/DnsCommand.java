package org.webplatform.appliance.daemon;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code appliance dns ...}: the DNS module of the running daemon, over the admin listener named
 * in the config. {@code stats} prints its counters as JSON, in the shape of {@code gdnsdctl
 * stats}; exit 0 on success, 1 otherwise.
 */
@Command(
    name = "dns",
    description = "Inspect the DNS module of the running daemon.",
    subcommands = {DnsCommand.Stats.class})
final class DnsCommand {
  @Mixin ConfigOption config;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Command(
      name = "stats",
      description =
          "Print the DNS counters as JSON (gdnsdctl stats): rcodes, EDNS, UDP/TCP, rate"
              + " limiting, zones.")
  static final class Stats implements Callable<Integer> {
    @CommandLine.ParentCommand DnsCommand dns;

    @Override
    public Integer call() {
      return AdminRequest.send(dns.config.file, dns.spec, "GET", "/dns/stats");
    }
  }
}
