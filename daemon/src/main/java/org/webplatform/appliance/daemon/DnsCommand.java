package org.webplatform.appliance.daemon;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code appliance dns ...}: the DNS module of the running daemon, over the admin listener named
 * in the config. {@code stats} prints its counters as JSON, in the shape of {@code gdnsdctl
 * stats}; {@code pool list|set} shows the health-checked pools and forces members up or down
 * (gdnsd's {@code gdnsdctl states} and admin_state). Exit 0 on success, 1 otherwise.
 */
@Command(
    name = "dns",
    description = "Inspect the DNS module of the running daemon.",
    subcommands = {DnsCommand.Stats.class, DnsCommand.PoolCommand.class})
final class DnsCommand {
  @Mixin ConfigOption config;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  int call(String method, String path) {
    return AdminRequest.send(config.file, spec, method, path);
  }

  @Command(
      name = "stats",
      description =
          "Print the DNS counters as JSON (gdnsdctl stats): rcodes, EDNS, UDP/TCP, rate"
              + " limiting, zones.")
  static final class Stats implements Callable<Integer> {
    @CommandLine.ParentCommand DnsCommand dns;

    @Override
    public Integer call() {
      return dns.call("GET", "/dns/stats");
    }
  }

  @Command(
      name = "pool",
      description = "Health-checked pools: member states, and forcing a member up or down.",
      subcommands = {DnsCommand.ListPools.class, DnsCommand.SetMember.class})
  static final class PoolCommand {
    @CommandLine.ParentCommand DnsCommand dns;
  }

  @Command(name = "list", description = "Every pool member: state, monitor, override, answered.")
  static final class ListPools implements Callable<Integer> {
    @CommandLine.ParentCommand PoolCommand pool;

    @Option(names = "--json", description = "JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      return pool.dns.call("GET", "/dns/pools" + (json ? "" : "?format=table"));
    }
  }

  @Command(
      name = "set",
      description = "Force a member up or down (written to the override file, wins over the"
          + " monitor), or back to its monitor with auto.")
  static final class SetMember implements Callable<Integer> {
    @CommandLine.ParentCommand PoolCommand pool;

    @Parameters(index = "0", paramLabel = "POOL") String name;

    @Parameters(index = "1", paramLabel = "ADDRESS") String address;

    @Parameters(index = "2", paramLabel = "STATE", description = "up, down or auto")
    String state;

    @Override
    public Integer call() {
      return pool.dns.call("POST", "/dns/pools/" + name + "/" + address + "/" + state);
    }
  }
}
