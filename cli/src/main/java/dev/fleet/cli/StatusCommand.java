package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.nginx.HostInspection;
import dev.fleet.nginx.HostInspection.Status;
import dev.fleet.nginx.HostState;
import dev.fleet.rollout.EachHost;
import dev.fleet.transport.Connector;
import dev.fleet.transport.ssh.SshConnector;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet status INVENTORY}: where each host stands, read from the host itself. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    header = "Show where each host stands: state, version, master, digests.",
    description =
        "Shows, per host: its state (running, or half-way: forking, both-up, draining, a stale .oldbin, two masters...), the nginx version, the master pid and its workers, and the sha256 of the running binary, of the file on disk and of the kept backup; below it, what an upgrade's health check would ask and what that answers now. Read-only.",
    footer = {
      "",
      "Examples:",
      "  fleet status inventory.yml",
      "  fleet status inventory.yml --limit web-eu",
      "",
      "Exit codes: 0 every host runs one master from the binary on disk, 2 usage or inventory",
      "error, 3 some host is half-way, in an unknown state or unreachable."
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin Selection selection;

  @Override
  public Integer call() throws InventoryException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Inventory inventory = selection.loadForInspection();
    List<Host> hosts = selection.hosts(inventory);
    List<Optional<Status>> statuses;
    List<String> problems = new java.util.ArrayList<>(java.util.Collections.nCopies(hosts.size(), ""));
    try (Connector connector = new SshConnector()) {
      statuses =
          EachHost.ask(
              hosts,
              inventory.upgrade().parallel(),
              connector,
              (host, connection) -> Optional.of(HostInspection.status(host, connection)),
              (host, reason) -> {
                problems.set(hosts.indexOf(host), reason);
                return Optional.empty();
              });
    }
    out.printf("%-16s %-18s %-14s %-8s %-7s %-12s %-12s %-12s %s%n",
        "HOST", "STATE", "VERSION", "MASTER", "WORKERS", "RUNNING", "ON DISK", "BACKUP", "DETAIL");
    int unsettled = 0;
    for (int i = 0; i < hosts.size(); i++) {
      Optional<Status> s = statuses.get(i);
      if (s.isEmpty()) {
        unsettled++;
        out.printf("%-16s %-18s %s%n", hosts.get(i).name(), "unreachable", problems.get(i));
        continue;
      }
      Status st = s.get();
      boolean settled = st.state() == HostState.RUNNING;
      unsettled += settled ? 0 : 1;
      out.printf("%-16s %-18s %-14s %-8s %-7d %-12s %-12s %-12s %s%n",
          hosts.get(i).name(),
          st.state().label(),
          st.version().replace("nginx/", ""),
          st.masterPid().map(String::valueOf).orElse("-"),
          st.workers(),
          Short.sha(st.runningSha256()),
          Short.sha(st.diskSha256()),
          Short.sha(st.backupSha256()),
          settled ? "" : st.evidence());
      if (!st.health().isEmpty()) {
        out.printf("%-16s health check: %s%n", "", st.health());
      }
    }
    out.printf("%d of %d hosts settled%n", hosts.size() - unsettled, hosts.size());
    return unsettled == 0 ? ExitCode.OK : ExitCode.NEEDS_ATTENTION;
  }
}
