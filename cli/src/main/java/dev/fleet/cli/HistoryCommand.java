package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.lock.HostHistory;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.rollout.EachHost;
import dev.fleet.transport.Connector;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fleet history INVENTORY}: what fleet did to each host, from the host's own record. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    header = "Show what fleet did to each host, as the host itself recorded it.",
    description =
        "Lists, per host, the entries fleet appended to the host's own history (" + BinaryPaths.STATE_DIR + ", one file per nginx binary): time, run, controller (user@machine), upgrade or rollback, from and to version and sha256, and the result. Every controller appends there, so the list shows other machines' runs too. Read-only.",
    footer = {
      "",
      "Examples:",
      "  fleet history inventory.yml",
      "  fleet history inventory.yml --limit web-eu --last 5",
      "",
      "Exit codes:",
      "  0  every host answered",
      "  2  usage or inventory error",
      "  3  some host could not be read"
    })
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin Selection selection;

  @Option(names = "--last", paramLabel = "N", description = "Only the last N entries of each host (default: all).")
  int last;

  @Override
  public Integer call() throws InventoryException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Inventory inventory = selection.loadForInspection(UpgradeOverrides.none());
    List<Host> hosts = selection.hosts(inventory);
    String[] problems = new String[hosts.size()];
    List<Optional<List<HostHistory.Entry>>> histories;
    try (Connector connector = NginxSsh.connector()) {
      histories =
          EachHost.ask(
              hosts,
              inventory.upgrade().parallel(),
              connector,
              (host, connection) -> Optional.of(HostHistory.list(connection, host, Math.max(0, last))),
              (host, reason) -> {
                problems[hosts.indexOf(host)] = reason;
                return Optional.empty();
              });
    }
    out.printf("%-16s %-24s %-22s %-20s %-9s %-28s %s%n", "HOST", "TIME", "RUN", "CONTROLLER", "DID", "FROM -> TO", "RESULT");
    int unread = 0;
    for (int i = 0; i < hosts.size(); i++) {
      if (histories.get(i).isEmpty()) {
        unread++;
        out.printf("%-16s %s%n", hosts.get(i).name(), "unreachable: " + problems[i]);
        continue;
      }
      if (histories.get(i).get().isEmpty()) {
        out.printf("%-16s %s%n", hosts.get(i).name(), "no entries");
      }
      for (HostHistory.Entry e : histories.get(i).get()) {
        out.printf("%-16s %-24s %-22s %-20s %-9s %-28s %s%n",
            hosts.get(i).name(), e.time(), e.run(), e.controller(), e.procedure(),
            version(e.fromVersion()) + " " + Short.sha(e.fromSha256()) + " -> " + version(e.toVersion()) + " " + Short.sha(e.toSha256()),
            e.result());
      }
    }
    out.flush();
    return unread == 0 ? ExitCode.OK : ExitCode.NEEDS_ATTENTION;
  }

  static String version(String said) {
    String v = said.replace("nginx version: ", "").replace("nginx/", "").strip();
    return v.isEmpty() ? "?" : v;
  }
}
