package dev.fleet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.nginx.HostInspection.Status;
import dev.fleet.nginx.HostInspection;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.lock.HostHistory;
import dev.fleet.nginx.lock.HostLock;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.rollout.EachHost;
import dev.fleet.transport.Connector;
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
        "Shows, per host: its state (running, or half-way: forking, both-up, draining, a stale .oldbin, two masters...), the nginx version, the master pid and its workers, and the sha256 of the running binary, of the file on disk and of the kept backup; below it, what an upgrade's health check would ask and what that answers now; then every host lock held (which run, controller, pid, since when) and the last entry of each host's history. Read-only.",
    footer = {
      "",
      "Examples:",
      "  fleet status inventory.yml",
      "  fleet status inventory.yml --limit web-eu",
      "  fleet status inventory.yml --json -",
      "",
      "Exit codes:",
      "  0  every host runs one master from the binary on disk",
      "  2  usage or inventory error",
      "  3  some host is half-way, in an unknown state or unreachable"
    })
final class StatusCommand implements Callable<Integer> {
  /** What a host showed: its nginx, who holds its lock, the last entry of its history. */
  private record Seen(Status status, Optional<HostLock.Holder> lock, Optional<HostHistory.Entry> last) {}

  @Spec CommandSpec spec;

  @Mixin Selection selection;

  @Mixin JsonOption jsonOption;

  @Override
  public Integer call() throws InventoryException, InterruptedException {
    PrintWriter out = jsonOption.table(spec.commandLine().getOut());
    Inventory inventory = selection.loadForInspection(UpgradeOverrides.none());
    List<Host> hosts = selection.hosts(inventory);
    List<Optional<Seen>> statuses;
    List<String> problems = new java.util.ArrayList<>(java.util.Collections.nCopies(hosts.size(), ""));
    try (Connector connector = NginxSsh.connector()) {
      statuses =
          EachHost.ask(
              hosts,
              inventory.upgrade().parallel(),
              connector,
              (host, connection) ->
                  Optional.of(
                      new Seen(
                          HostInspection.status(host, connection),
                          HostLock.holder(connection, host),
                          HostHistory.list(connection, host, 1).stream().findFirst())),
              (host, reason) -> {
                problems.set(hosts.indexOf(host), reason);
                return Optional.empty();
              });
    }
    out.printf("%-16s %-18s %-14s %-8s %-7s %-12s %-12s %-12s %s%n",
        "HOST", "STATE", "VERSION", "MASTER", "WORKERS", "RUNNING", "ON DISK", "BACKUP", "DETAIL");
    HostsDocument document = new HostsDocument("status", selection.inventoryFile);
    int unsettled = 0;
    List<ObjectNode> nodes = new java.util.ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      Optional<Status> s = statuses.get(i).map(Seen::status);
      ObjectNode json = document.host(hosts.get(i));
      nodes.add(json);
      if (s.isEmpty()) {
        unsettled++;
        out.printf("%-16s %-18s %s%n", hosts.get(i).name(), "unreachable", problems.get(i));
        json.put("state", "unreachable").put("settled", false).put("reason", problems.get(i));
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
      json.put("state", st.state().label())
          .put("settled", settled)
          .put("reason", settled ? null : HostsDocument.orNull(st.evidence()))
          .put("version", HostsDocument.orNull(st.version()))
          .put("masterPid", st.masterPid().orElse(null))
          .put("workers", st.workers())
          .put("runningSha256", HostsDocument.orNull(st.runningSha256()))
          .put("diskSha256", HostsDocument.orNull(st.diskSha256()))
          .put("backupSha256", HostsDocument.orNull(st.backupSha256()));
      if (!st.health().isEmpty()) {
        out.printf("%-16s health check: %s%n", "", st.health());
        json.put("health", st.health());
      }
    }
    for (int i = 0; i < hosts.size(); i++) {
      if (statuses.get(i).isEmpty()) {
        continue;
      }
      Seen seen = statuses.get(i).get();
      String name = hosts.get(i).name();
      ObjectNode json = nodes.get(i);
      seen.lock().ifPresent(h -> out.printf("%-16s locked by %s%n", name, h.describe()));
      seen.lock().ifPresent(h -> json.put("lockedBy", h.describe()));
      seen.last().ifPresent(e -> json.put("lastHistory", String.join(" ", e.time(), e.procedure(), e.run(), e.result())));
      seen.last().ifPresent(e -> out.printf("%-16s last: %s %s %s by %s: %s -> %s, %s%n",
          name, e.time(), e.procedure(), e.run(), e.controller(),
          HistoryCommand.version(e.fromVersion()), HistoryCommand.version(e.toVersion()), e.result()));
    }
    long locked = statuses.stream().filter(o -> o.isPresent() && o.get().lock().isPresent()).count();
    out.printf("%d of %d hosts settled%s%n", hosts.size() - unsettled, hosts.size(), locked == 0 ? "" : ", " + locked + " locked");
    out.flush();
    document.summary().put("settled", hosts.size() - unsettled).put("unsettled", unsettled);
    int exit = unsettled == 0 ? ExitCode.OK : ExitCode.NEEDS_ATTENTION;
    return jsonOption.write(document, exit, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
