package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.nginx.HostRollback;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.rollout.RolloutListener;
import dev.fleet.rollout.RolloutPolicy;
import dev.fleet.rollout.RolloutResult;
import dev.fleet.rollout.RunDirectory;
import dev.fleet.rollout.RunLock;
import dev.fleet.rollout.RunRecord;
import dev.fleet.transport.Connector;
import dev.fleet.transport.ssh.SshConnector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet rollback INVENTORY}: back to each host's kept backup binary, on the fly. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    header = "Put hosts back on the binary the last upgrade replaced.",
    description =
        "Puts hosts back on the binary the last upgrade replaced (BINARY.fleet-backup), with the same on-the-fly procedure and checks as an upgrade (USR2, WINCH, verify, QUIT). With --run ID: every host that run upgraded (and did not revert), newest first; otherwise the selected hosts. The binary it replaces becomes the new backup, so a second rollback undoes the first. Hosts run one after another; the first host that fails stops the run.",
    footer = {
      "",
      "Examples:",
      "  fleet rollback inventory.yml --run 20261123-114900-ab12",
      "  fleet rollback inventory.yml --limit web-eu-3",
      "",
      ExitCode.TABLE
    })
final class RollbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RunOptions run;

  @Parameters(paramLabel = "INVENTORY", description = "The inventory file: fleet YAML, or Ansible YAML or INI.")
  Path inventoryFile;

  @Option(names = "--run", paramLabel = "ID", description = "Roll back every host this run upgraded (see .fleet/runs/ beside the inventory).")
  String runId;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Hosts to roll back: names, groups, globs, comma lists, !exclusions.")
  String limit;

  @Option(names = "--soak", paramLabel = "DURATION", description = "How long new workers must stay stable before commit (upgrade.soak).")
  String soak;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "How long old workers may take to finish (upgrade.drain_timeout).")
  String drainTimeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    UpgradeOverrides overrides = new UpgradeOverrides(null, null, null, null, null, null, null, soak, drainTimeout, null);
    Inventory inventory = InventoryLoader.standard().loadForInspection(inventoryFile, overrides);
    List<Host> hosts = HostSelector.select(inventory, limit);
    RunDirectory dirs = run.logDir != null ? new RunDirectory(run.logDir) : RunDirectory.beside(inventoryFile);
    if (runId != null) {
      Path journal = dirs.journal(runId);
      if (!Files.exists(journal)) {
        spec.commandLine().getErr().println("fleet: no run " + runId + " in " + dirs.stateDir().resolve("runs"));
        return ExitCode.USAGE;
      }
      hosts = upgradedBy(RunRecord.read(journal), hosts);
    }
    if (!run.quiet) {
      out.printf("Rolling back %d host%s to the kept backup binary, one at a time.%n", hosts.size(), hosts.size() == 1 ? "" : "s");
    }
    // One host at a time and no budget to speak of: the policy is wanted for its timeouts.
    RolloutPolicy policy = RolloutPolicy.from(inventory.upgrade(), List.of(hosts));
    RunReporting reporting = new RunReporting(run, out, spec.commandLine().getErr());
    String id = "rollback-" + RunDirectory.newRunId();
    try (RunLock lock = RunLock.acquire(dirs.stateDir(), id, run.breakLock);
        Connector connector = new SshConnector()) {
      if (!reporting.plannedRollback(id, hosts)) {
        spec.commandLine().getErr().println("fleet: not confirmed; no host was touched");
        return ExitCode.USAGE;
      }
      return reporting.finish(rollBack(hosts, connector, policy, reporting.listeners()));
    }
  }

  private static RolloutResult rollBack(
      List<Host> hosts, Connector connector, RolloutPolicy policy, RolloutListener listener)
      throws InterruptedException {
    long started = System.nanoTime();
    List<UpgradeOutcome> outcomes = new ArrayList<>();
    List<String> notReached = new ArrayList<>();
    for (Host host : hosts) {
      if (outcomes.stream().anyMatch(o -> !o.succeeded())) {
        notReached.add(host.name());
        continue;
      }
      listener.hostStarted(host);
      UpgradeOutcome outcome = HostRollback.run(connector, host, policy.timeouts(), listener);
      outcomes.add(outcome);
      listener.hostFinished(host, outcome);
    }
    RolloutResult.Status status =
        outcomes.stream().allMatch(UpgradeOutcome::succeeded)
            ? RolloutResult.Status.COMPLETED
            : outcomes.stream().anyMatch(o -> o.status() == UpgradeOutcome.Status.NEEDS_ATTENTION)
                ? RolloutResult.Status.NEEDS_ATTENTION
                : RolloutResult.Status.HALTED;
    return new RolloutResult(status, outcomes, List.of(), notReached, Duration.ofNanos(System.nanoTime() - started));
  }

  /** The hosts {@code record} upgraded and did not revert, newest first, among {@code selected}. */
  private static List<Host> upgradedBy(RunRecord record, List<Host> selected) {
    List<Host> hosts = new ArrayList<>();
    for (UpgradeOutcome o : record.finished()) {
      if (o.status() == UpgradeOutcome.Status.UPGRADED && !record.reverted().contains(o.host())) {
        selected.stream().filter(h -> h.name().equals(o.host())).findFirst().ifPresent(hosts::add);
      }
    }
    Collections.reverse(hosts);
    return hosts;
  }
}
