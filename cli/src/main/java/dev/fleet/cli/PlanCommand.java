package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.nginx.HostInspection;
import dev.fleet.nginx.HostInspection.Verdict;
import dev.fleet.nginx.NewBinary;
import dev.fleet.rollout.BatchPlan;
import dev.fleet.rollout.EachHost;
import dev.fleet.transport.Connector;
import dev.fleet.transport.ssh.SshConnector;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet plan INVENTORY}: the batches and each host's preflight verdict; changes nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    header = "Show the batches and each host's preflight verdict; change nothing.",
    description =
        "A dry run: shows the batches an upgrade would use and runs every read-only check of an upgrade on each selected host: its preflight (process table, pid files, nginx -v, free disk, CPU architecture), the config test (nginx -T by the running binary with the master's own arguments, which an upgrade runs with the new binary), and the health check verify would run, with what it answers now. Nothing on any host is changed.",
    footer = {
      "",
      "Examples:",
      "  fleet plan inventory.yml",
      "  fleet plan inventory.yml --limit web-eu --batches 1,50%%",
      "",
      "Exit codes: 0 every host is ready or already current, 2 usage or inventory error,",
      "3 some host would be refused (the table says why)."
    })
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin Selection selection;

  @Override
  public Integer call() throws InventoryException, IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Inventory inventory = selection.load();
    List<Host> hosts = selection.hosts(inventory);
    NewBinary binary = NewBinary.of(inventory.upgrade().binary());
    List<List<Host>> batches = BatchPlan.split(hosts, inventory.upgrade().batchSizes());
    out.printf("plan: %d hosts in %d batches to %s (sha256 %s)%n", hosts.size(), batches.size(), binary.file(), binary.shortDigest());
    new PlainProgress(out, false).showBatches(batches);
    List<Verdict> verdicts;
    try (Connector connector = new SshConnector()) {
      verdicts =
          EachHost.ask(
              hosts,
              inventory.upgrade().parallel(),
              connector,
              (host, connection) -> HostInspection.preflight(host, connection, binary),
              (host, reason) -> new Verdict(Verdict.Kind.REFUSED, "unreachable: " + reason, "", "", ""));
    }
    out.printf("%n%-20s %-16s %-28s %s%n", "HOST", "VERDICT", "RUNNING", "DETAIL");
    for (int i = 0; i < hosts.size(); i++) {
      Verdict v = verdicts.get(i);
      String running = (v.runningVersion().replace("nginx version: ", "") + " " + Short.sha(v.runningSha256())).strip();
      out.printf("%-20s %-16s %-28s %s%n", hosts.get(i).name(), v.kind().name().toLowerCase().replace('_', ' '), running, v.reason() == null ? "" : v.reason());
      if (!v.health().isEmpty()) {
        out.printf("%-20s health check: %s%n", "", v.health());
      }
    }
    long refused = verdicts.stream().filter(v -> v.kind() == Verdict.Kind.REFUSED).count();
    out.printf("%d ready, %d already current, %d refused; nothing was changed%n",
        verdicts.stream().filter(v -> v.kind() == Verdict.Kind.READY).count(),
        verdicts.stream().filter(v -> v.kind() == Verdict.Kind.ALREADY_CURRENT).count(),
        refused);
    return refused == 0 ? ExitCode.OK : ExitCode.NEEDS_ATTENTION;
  }
}
