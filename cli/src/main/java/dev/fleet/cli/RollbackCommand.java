package dev.fleet.cli;

import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.rollout.RunController;
import dev.fleet.transport.Connector;
import java.nio.file.Path;
import java.util.Optional;
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
        "Puts hosts back on the binary the last upgrade replaced (BINARY.fleet-backup), with the same on-the-fly procedure and checks as an upgrade (USR2, WINCH, verify, QUIT), run by the same engine: every selected host in one batch (or --batches), up to `parallel` at once, within the failure budget, journaled so that `fleet resume` finishes a rollback that was paused or killed. With --run ID: every host that run upgraded (and did not revert), newest first. The binary it replaces becomes the new backup, so a second rollback undoes the first. A breach of the budget stops new hosts; hosts already rolled back stay so.",
    footer = {
      "",
      "Examples:",
      "  fleet rollback inventory.yml --run 20261123-114900-ab12",
      "  fleet rollback inventory.yml --limit web-eu-3",
      "  fleet rollback inventory.yml --parallel 50 --yes",
      "",
      ExitCode.TABLE
    })
final class RollbackCommand implements Callable<Integer>, SettingFlags.Holder {

  @Spec CommandSpec spec;

  @Mixin RunOptions run;

  @Parameters(paramLabel = "INVENTORY", description = "The inventory file: fleet YAML, or Ansible YAML or INI.")
  Path inventoryFile;

  @Option(names = "--run", paramLabel = "ID", description = "Roll back every host this run upgraded (see .fleet/runs/ beside the inventory).")
  String runId;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Hosts to roll back: names, groups, globs, comma lists, !exclusions.")
  String limit;

  private final SettingFlags settings =
      new SettingFlags(
          UpgradeSetting.BATCHES,
          UpgradeSetting.PARALLEL,
          UpgradeSetting.MAX_FAILURES,
          UpgradeSetting.SOAK,
          UpgradeSetting.DRAIN_TIMEOUT,
          UpgradeSetting.RECONNECT_WINDOW,
          UpgradeSetting.HOOK_TIMEOUT);

  @Override
  public SettingFlags settingFlags() {
    return settings;
  }

  @Override
  public Integer call() throws Exception {
    UpgradeOverrides overrides = settings.overrides();
    RunController.RollbackRequest request =
        new RunController.RollbackRequest(inventoryFile, overrides, limit, Optional.ofNullable(runId), run.breakLock);
    RunReporting reporting = new RunReporting(run, spec.commandLine().getOut(), spec.commandLine().getErr());
    try (Connector connector = NginxSsh.connector()) {
      RunController controller =
          new RunController(connector, reporting.listeners(), Optional.ofNullable(run.logDir));
      Interrupts.onStop(controller::requestStop, spec.commandLine().getErr());
      RunController.Outcome outcome = controller.rollback(request, reporting);
      return reporting.finish(outcome, inventoryFile);
    }
  }
}
