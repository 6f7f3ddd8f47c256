package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.nginx.HostRollback;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.UpgradeTimeouts;
import dev.fleet.rollout.RolloutResult;
import dev.fleet.rollout.SafeListener;
import dev.fleet.transport.Connector;
import dev.fleet.transport.ssh.SshConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet rollback INVENTORY}: back to each host's kept backup binary, on the fly. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Puts every selected host back on the binary the last upgrade replaced (BINARY.fleet-backup),",
      "with the same on-the-fly procedure and checks as an upgrade (USR2, WINCH, verify, QUIT).",
      "The binary it replaces becomes the new backup, so a second rollback undoes the first.",
      "Hosts run one after another; the first host that fails stops the run."
    },
    footer = {
      "",
      "Examples:",
      "  fleet rollback inventory.yml",
      "  fleet rollback inventory.yml --limit web-eu-3",
      "",
      ExitCode.TABLE
    })
final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "INVENTORY", description = "The inventory file (fleet or Ansible YAML).")
  Path inventoryFile;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Hosts to roll back: names, groups, globs, comma lists, !exclusions.")
  String limit;

  @Option(names = "--soak", paramLabel = "DURATION", description = "How long new workers must stay stable before commit (overrides upgrade.soak).")
  String soak;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "How long old workers may take to finish (overrides upgrade.drain_timeout).")
  String drainTimeout;

  @Option(names = {"-v", "--verbose"}, description = "Also show each step as it starts.")
  boolean verbose;

  @Override
  public Integer call() throws InventoryException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    UpgradeOverrides overrides = new UpgradeOverrides(null, null, null, null, null, null, soak, drainTimeout, null);
    Inventory inventory = InventoryLoader.standard().load(inventoryFile, overrides);
    List<Host> hosts = HostSelector.select(inventory, limit);
    out.printf("Rolling back %d host%s to the kept backup binary, one at a time.%n", hosts.size(), hosts.size() == 1 ? "" : "s");
    UpgradeTimeouts timeouts =
        new UpgradeTimeouts(
            UpgradeTimeouts.defaults().start(),
            inventory.upgrade().drainTimeout(),
            UpgradeTimeouts.defaults().quit(),
            inventory.upgrade().soak());
    SafeListener listener = new SafeListener(List.of(new PlainProgress(out, verbose)));
    long started = System.nanoTime();
    List<UpgradeOutcome> outcomes = new ArrayList<>();
    List<String> notReached = new ArrayList<>();
    try (Connector connector = new SshConnector()) {
      for (Host host : hosts) {
        if (outcomes.stream().anyMatch(o -> !o.succeeded())) {
          notReached.add(host.name());
          continue;
        }
        listener.hostStarted(host);
        UpgradeOutcome outcome = HostRollback.run(connector, host, timeouts, listener);
        outcomes.add(outcome);
        listener.hostFinished(host, outcome);
      }
    }
    RolloutResult result = new RolloutResult(outcomes, notReached, Duration.ofNanos(System.nanoTime() - started));
    listener.rolloutFinished(result);
    return UpgradeCommand.exitCode(result);
  }
}
