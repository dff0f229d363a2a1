package org.webplatform.appliance.daemon;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code appliance queue ...}: the mail queue of the running daemon (Postfix's mailq, postqueue
 * and postsuper), over the admin listener named in the config. Prints the daemon's JSON answer;
 * exit 0 on success, 1 otherwise.
 */
@Command(
    name = "queue",
    description = "Inspect and manage the mail queue of the running daemon.",
    subcommands = {
      QueueCommand.ListQueue.class,
      QueueCommand.Show.class,
      QueueCommand.Flush.class,
      QueueCommand.Delete.class,
      QueueCommand.Hold.class,
      QueueCommand.Release.class
    })
final class QueueCommand {
  @Mixin ConfigOption config;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  int call(String method, String path) {
    return AdminRequest.send(config.file, spec, method, path);
  }

  @Command(name = "list", description = "List queued messages (mailq).")
  static final class ListQueue implements Callable<Integer> {
    @CommandLine.ParentCommand QueueCommand queue;

    @Override
    public Integer call() {
      return queue.call("GET", "/queue");
    }
  }

  @Command(name = "show", description = "Show one message: envelope, state and text.")
  static final class Show implements Callable<Integer> {
    @CommandLine.ParentCommand QueueCommand queue;
    @Parameters(paramLabel = "ID") String id;

    @Override
    public Integer call() {
      return queue.call("GET", "/queue/" + id);
    }
  }

  @Command(name = "flush", description = "Try every message not on hold now (postqueue -f).")
  static final class Flush implements Callable<Integer> {
    @CommandLine.ParentCommand QueueCommand queue;

    @Override
    public Integer call() {
      return queue.call("POST", "/queue/flush");
    }
  }

  /** The id-taking changes: delete, hold, release. */
  abstract static class Change implements Callable<Integer> {
    @CommandLine.ParentCommand QueueCommand queue;
    @Parameters(paramLabel = "ID") String id;

    abstract String action();

    @Override
    public Integer call() {
      return queue.call("POST", "/queue/" + id + "/" + action());
    }
  }

  @Command(name = "delete", description = "Delete a message, or all with ID 'all' (postsuper -d).")
  static final class Delete extends Change {
    @Override
    String action() {
      return "delete";
    }
  }

  @Command(name = "hold", description = "Put a message on hold (postsuper -h).")
  static final class Hold extends Change {
    @Override
    String action() {
      return "hold";
    }
  }

  @Command(name = "release", description = "Release a message from hold (postsuper -H).")
  static final class Release extends Change {
    @Override
    String action() {
      return "release";
    }
  }
}
