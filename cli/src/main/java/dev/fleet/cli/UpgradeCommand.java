package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.nginx.NewBinary;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.UpgradeTimeouts;
import dev.fleet.rollout.Rollout;
import dev.fleet.rollout.RolloutResult;
import dev.fleet.rollout.SafeListener;
import dev.fleet.transport.Connector;
import dev.fleet.transport.ssh.SshConnector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet upgrade INVENTORY}: the on-the-fly upgrade on every selected host. */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description = {
      "Installs the new nginx binary on every selected host with nginx's on-the-fly upgrade",
      "(USR2, WINCH, verify, QUIT). Hosts run one after another; the first host that fails is",
      "rolled back to its old master and binary and no further host is touched."
    },
    footer = {
      "",
      "Examples:",
      "  fleet upgrade inventory.yml",
      "  fleet upgrade inventory.yml --limit 'web-eu,!web-eu-3' --binary builds/nginx-1.27.3",
      "",
      ExitCode.TABLE
    })
final class UpgradeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "INVENTORY", description = "The inventory file (fleet or Ansible YAML).")
  Path inventoryFile;

  @Option(
      names = "--limit",
      paramLabel = "PATTERN",
      description = "Hosts to upgrade: names, groups, globs, comma lists, !exclusions.")
  String limit;

  @Option(names = "--binary", paramLabel = "FILE", description = "The new nginx binary (overrides upgrade.binary).")
  String binary;

  @Option(names = "--sha256", paramLabel = "DIGEST", description = "Refuse a binary with another sha256 (overrides upgrade.sha256).")
  String sha256;

  @Option(names = "--soak", paramLabel = "DURATION", description = "How long new workers must stay stable before commit (overrides upgrade.soak).")
  String soak;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "How long old workers may take to finish (overrides upgrade.drain_timeout).")
  String drainTimeout;

  @Option(names = {"-v", "--verbose"}, description = "Also show each step as it starts.")
  boolean verbose;

  @Override
  public Integer call() throws InventoryException, IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    UpgradeOverrides overrides =
        new UpgradeOverrides(binary, sha256, null, null, null, null, soak, drainTimeout, null);
    Inventory inventory = InventoryLoader.standard().load(inventoryFile, overrides);
    List<Host> hosts = HostSelector.select(inventory, limit);
    NewBinary newBinary = NewBinary.of(inventory.upgrade().binary());
    out.printf(
        "Upgrading %d host%s to %s (sha256 %s, %d bytes), one at a time.%n",
        hosts.size(),
        hosts.size() == 1 ? "" : "s",
        newBinary.file(),
        newBinary.shortDigest(),
        newBinary.size());
    UpgradeTimeouts timeouts =
        new UpgradeTimeouts(
            UpgradeTimeouts.defaults().start(),
            inventory.upgrade().drainTimeout(),
            UpgradeTimeouts.defaults().quit(),
            inventory.upgrade().soak());
    RolloutResult result;
    try (Connector connector = new SshConnector()) {
      SafeListener listener = new SafeListener(List.of(new PlainProgress(out, verbose)));
      result = new Rollout(connector, timeouts, listener).run(hosts, newBinary);
    }
    return exitCode(result);
  }

  static int exitCode(RolloutResult result) {
    if (result.count(UpgradeOutcome.Status.NEEDS_ATTENTION) > 0) {
      return ExitCode.NEEDS_ATTENTION;
    }
    return result.allSucceeded() ? ExitCode.OK : ExitCode.HALTED;
  }
}
