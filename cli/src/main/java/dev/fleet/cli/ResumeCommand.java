package dev.fleet.cli;

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

/** {@code fleet resume INVENTORY}: continues a paused run, or one whose controller died. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    header = "Continue a paused run, or one whose controller died.",
    description =
        "Continues the newest run of the inventory (or --run ID) that paused or whose controller died: reads its journal, re-probes every host it left half-way and brings each to a safe state (committed once verified, or rolled back), then carries on with the same plan, settings and binary (whose sha256 must not have changed).",
    footer = {"", "Examples:", "  fleet resume inventory.yml", "  fleet resume inventory.yml --run 20261123-114900-ab12", "", ExitCode.TABLE})
final class ResumeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RunOptions run;

  @Parameters(paramLabel = "INVENTORY", description = "The inventory file the run was started with.")
  Path inventoryFile;

  @Option(names = "--run", paramLabel = "ID", description = "The run to resume (default: the newest).")
  String runId;

  @Override
  public Integer call() throws Exception {
    RunReporting reporting = new RunReporting(run, spec.commandLine().getOut(), spec.commandLine().getErr());
    try (Connector connector = NginxSsh.connector()) {
      RunController controller =
          new RunController(connector, reporting.listeners(), Optional.ofNullable(run.logDir));
      Interrupts.onStop(controller::requestStop, spec.commandLine().getErr());
      RunController.Outcome outcome =
          controller.resume(inventoryFile, Optional.ofNullable(runId), run.breakLock, reporting);
      return reporting.finish(outcome, inventoryFile);
    }
  }
}
