package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.nginx.HostInspection;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.lock.HostLock;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.rollout.Controller;
import dev.fleet.rollout.EachHost;
import dev.fleet.transport.Connector;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fleet unlock INVENTORY --run ID}: releases the host locks a dead run left behind. */
@Command(
    name = "unlock",
    mixinStandardHelpOptions = true,
    header = "Release the host locks a run that is gone left behind.",
    description =
        "Releases the lock on each selected host, but only where the run named by --run holds it: you name the run you know is gone, so a lock of any other run is never broken. It is refused where the holder is a controller on this machine whose process still runs, and where the host's nginx is half-way (both masters up, a staged binary...): finish those with `fleet resume` of that run. Prefer `fleet resume`: it takes its own run's locks over and finishes the run.",
    footer = {
      "",
      "Examples:",
      "  fleet unlock inventory.yml --run 20261123-114900-ab12",
      "  fleet unlock inventory.yml --run 20261123-114900-ab12 --limit web-eu-3",
      "",
      "Exit codes:",
      "  0  every selected host's lock of that run released, or none held",
      "  2  usage or inventory error",
      "  3  some lock was kept (the table says why) or a host could not be reached"
    })
final class UnlockCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin Selection selection;

  @Option(names = "--run", required = true, paramLabel = "ID", description = "The run whose locks to release (see `fleet status`).")
  String runId;

  @Override
  public Integer call() throws InventoryException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Inventory inventory = selection.loadForInspection(UpgradeOverrides.none());
    List<Host> hosts = selection.hosts(inventory);
    List<String> verdicts;
    try (Connector connector = NginxSsh.connector()) {
      verdicts =
          EachHost.ask(
              hosts,
              inventory.upgrade().parallel(),
              connector,
              (host, connection) -> {
                var holder = HostLock.holder(connection, host);
                if (holder.isEmpty()) {
                  return "free";
                }
                if (!holder.get().run().equals(runId)) {
                  return "kept: held by " + holder.get().describe() + ", not by " + runId;
                }
                if (aliveHere(holder.get())) {
                  return "kept: its controller (pid " + holder.get().pid() + ") still runs on this machine";
                }
                HostState state = HostInspection.status(host, connection).state();
                if (state != HostState.RUNNING && state != HostState.COMMITTED) {
                  return "kept: nginx is " + state.label() + "; finish it with: fleet resume " + selection.inventoryFile + " --run " + runId;
                }
                return HostLock.release(connection, host, runId) ? "released" : "kept: the host refused to release it";
              },
              (host, reason) -> "kept: unreachable: " + reason);
    }
    int kept = 0;
    for (int i = 0; i < hosts.size(); i++) {
      kept += verdicts.get(i).startsWith("kept") ? 1 : 0;
      out.printf("%-16s %s%n", hosts.get(i).name(), verdicts.get(i));
    }
    out.flush();
    return kept == 0 ? ExitCode.OK : ExitCode.NEEDS_ATTENTION;
  }

  /** A holder on this machine is gone when its pid is, or names a process that is no JVM. */
  private static boolean aliveHere(HostLock.Holder holder) {
    return holder.controller().equals(Controller.name())
        && ProcessHandle.of(holder.pid()).map(p -> p.isAlive() && p.info().command().orElse("").contains("java")).orElse(false);
  }
}
