package dev.fleet.cli;

import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.rollout.RunController;
import dev.fleet.transport.Connector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet upgrade INVENTORY}: the on-the-fly upgrade on every selected host, in batches. */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    header = "Upgrade nginx on every selected host, in canary batches.",
    description =
        "Installs the new nginx binary on every selected host with nginx's on-the-fly upgrade (USR2, WINCH, verify, QUIT), in canary batches. A host that fails is rolled back to its old master and binary; once the failure budget is breached no new host starts and the rollback policy applies. Every step is journaled under .fleet/runs/ID beside the inventory, so `fleet resume` can continue a paused or killed run. The inventory's upgrade.hooks run on this machine around the run, each batch and each host (a failing before_host refuses its host; a failing after_batch halts the run like a breach).",
    footer = {
      "",
      "Examples:",
      "  fleet upgrade inventory.yml",
      "  fleet upgrade inventory.yml --binary builds/nginx-1.27.3",
      "  fleet upgrade inventory.yml --limit 'web-eu,!web-eu-3'",
      "  fleet upgrade inventory.yml --batches 1,10%%,100%% --max-failures 5%%",
      "  fleet upgrade inventory.yml --parallel 20 --yes --json run.json",
      "  fleet upgrade inventory.yml --binary-url \"$URL\" --sha256 \"$SHA256\"",
      "",
      ExitCode.TABLE
    })
final class UpgradeCommand implements Callable<Integer>, SettingFlags.Holder {

  @Spec CommandSpec spec;

  @Mixin RunOptions run;

  @Parameters(paramLabel = "INVENTORY", description = "The inventory file: fleet YAML, or Ansible YAML or INI.")
  Path inventoryFile;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Hosts to upgrade: names, groups, globs, comma lists, !exclusions.")
  String limit;

  private final SettingFlags settings = new SettingFlags(UpgradeSetting.ALL);

  @Override
  public SettingFlags settingFlags() {
    return settings;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    UpgradeOverrides overrides = settings.overrides();
    RunController.Request request = new RunController.Request(inventoryFile, overrides, limit, run.breakLock);
    RunReporting reporting = new RunReporting(run, out, spec.commandLine().getErr());
    try (Connector connector = NginxSsh.connector()) {
      RunController controller =
          new RunController(connector, reporting.listeners(), Optional.ofNullable(run.logDir));
      Interrupts.onStop(controller::requestStop, spec.commandLine().getErr());
      RunController.Outcome outcome = controller.upgrade(request, reporting);
      return reporting.finish(outcome, inventoryFile);
    }
  }
}
