package org.webplatform.appliance.daemon;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code appliance dns pool list|set}: the health-checked pools of the running daemon (gdnsd's
 * {@code gdnsdctl states} and admin_state), over the admin listener named in the config.
 */
@Command(
    name = "dns",
    description = "Inspect the DNS role of the running daemon.",
    subcommands = {DnsCommand.PoolCommand.class})
final class DnsCommand {

  @Command(
      name = "pool",
      description = "Health-checked pools: member states, and forcing a member up or down.",
      subcommands = {DnsCommand.ListPools.class, DnsCommand.SetMember.class})
  static final class PoolCommand {
    @Mixin ConfigOption config;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    int call(String method, String path) {
      return AdminClient.call(config.file, spec.commandLine(), method, path);
    }
  }

  @Command(name = "list", description = "Every pool member: state, monitor, override, answered.")
  static final class ListPools implements Callable<Integer> {
    @CommandLine.ParentCommand PoolCommand pool;

    @Option(names = "--json", description = "JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      return pool.call("GET", "/dns/pools" + (json ? "" : "?format=table"));
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
      return pool.call("POST", "/dns/pools/" + name + "/" + address + "/" + state);
    }
  }
}
