package dev.fleet.cli;

import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.rollout.RunController;
import dev.fleet.transport.Connector;
import dev.fleet.transport.ssh.SshConnector;
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
        "Installs the new nginx binary on every selected host with nginx's on-the-fly upgrade (USR2, WINCH, verify, QUIT), in canary batches. A host that fails is rolled back to its old master and binary; once the failure budget is breached no new host starts and the rollback policy applies. Every step is journaled under .fleet/runs/ID beside the inventory, so `fleet resume` can continue a paused or killed run.",
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
final class UpgradeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RunOptions run;

  @Parameters(paramLabel = "INVENTORY", description = "The inventory file: fleet YAML, or Ansible YAML or INI.")
  Path inventoryFile;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Hosts to upgrade: names, groups, globs, comma lists, !exclusions.")
  String limit;

  @Option(names = "--binary", paramLabel = "FILE", description = "The new nginx binary (upgrade.binary).")
  String binary;

  @Option(names = "--binary-url", paramLabel = "URL", description = "Each host downloads the new binary from this http(s) URL instead; needs --sha256 (upgrade.binary_url).")
  String binaryUrl;

  @Option(names = "--binary-url-auth-env", paramLabel = "VARIABLE", description = "The environment variable holding the artifact server's token, sent as Authorization: Bearer (upgrade.binary_url_auth_env).")
  String binaryUrlAuthEnv;

  @Option(names = "--sha256", paramLabel = "DIGEST", description = "Refuse a binary with another sha256 (upgrade.sha256).")
  String sha256;

  @Option(names = "--batches", paramLabel = "SIZES", description = "Batch sizes, counts or percentages; the first is the canary when more follow, the last repeats (upgrade.batches), e.g. 1,10%%,100%%.")
  String batches;

  @Option(names = "--parallel", paramLabel = "N", description = "Most hosts in flight at once (upgrade.parallel).")
  String parallel;

  @Option(names = "--max-failures", paramLabel = "N|P%", description = "Failed hosts the whole rollout tolerates (upgrade.max_failures).")
  String maxFailures;

  @Option(names = "--canary-max-failures", paramLabel = "N|P%", description = "Failed hosts the canary batch tolerates, when later batches follow it (upgrade.canary_max_failures, default 0).")
  String canaryMaxFailures;

  @Option(names = "--pause", paramLabel = "DURATION|manual", description = "Wait between batches, or `manual` to stop after each for `fleet resume` (upgrade.pause).")
  String pause;

  @Option(names = "--soak", paramLabel = "DURATION", description = "How long new workers must stay stable before commit (upgrade.soak).")
  String soak;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "How long old workers may take to finish (upgrade.drain_timeout).")
  String drainTimeout;

  @Option(names = "--rollback", paramLabel = "host|batch|all", description = "What a breach of the budget rolls back (upgrade.rollback).")
  String rollback;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    UpgradeOverrides overrides =
        new UpgradeOverrides(
            binary, sha256, batches, parallel, maxFailures, canaryMaxFailures, pause, soak, drainTimeout, rollback,
            binaryUrl, binaryUrlAuthEnv);
    RunController.Request request = new RunController.Request(inventoryFile, overrides, limit, run.breakLock);
    RunReporting reporting = new RunReporting(run, out, spec.commandLine().getErr());
    try (Connector connector = new SshConnector()) {
      RunController controller =
          new RunController(connector, reporting.listeners(), Optional.ofNullable(run.logDir));
      Interrupts.onStop(controller::requestStop, spec.commandLine().getErr());
      RunController.Outcome outcome = controller.upgrade(request, reporting);
      return reporting.finish(outcome, inventoryFile);
    }
  }
}
