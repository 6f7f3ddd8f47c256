package dev.fleet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.HostInspection.Verdict;
import dev.fleet.nginx.HostInspection;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.BatchPlan;
import dev.fleet.rollout.EachHost;
import dev.fleet.transport.Connector;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
      "  fleet plan inventory.yml --json plan.json",
      "",
      "Exit codes:",
      "  0  every host is ready or already current",
      "  2  usage or inventory error",
      "  3  some host would be refused (the table says why)"
    })
final class PlanCommand implements Callable<Integer>, SettingFlags.Holder {
  @Spec CommandSpec spec;

  @Mixin Selection selection;

  private final SettingFlags settings = new SettingFlags(UpgradeSetting.BINARY, UpgradeSetting.BINARY_URL, UpgradeSetting.SHA256, UpgradeSetting.BATCHES);

  @Mixin JsonOption jsonOption;

  @Override
  public SettingFlags settingFlags() {
    return settings;
  }

  @Override
  public Integer call() throws InventoryException, IOException, InterruptedException {
    PrintWriter out = jsonOption.table(spec.commandLine().getOut());
    Inventory inventory = selection.load(settings.overrides());
    List<Host> hosts = selection.hosts(inventory);
    NewBinary binary = NewBinary.of(inventory.upgrade());
    List<List<Host>> batches = BatchPlan.split(hosts, inventory.upgrade().batchSizes());
    out.printf("plan: %d hosts in %d batches to %s (sha256 %s)%n", hosts.size(), batches.size(), binary.source(), binary.shortDigest());
    new PlainProgress(out, false).showBatches(batches);
    List<Verdict> verdicts;
    try (Connector connector = NginxSsh.connector()) {
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
    long ready = count(verdicts, Verdict.Kind.READY);
    long current = count(verdicts, Verdict.Kind.ALREADY_CURRENT);
    long refused = count(verdicts, Verdict.Kind.REFUSED);
    out.printf("%d ready, %d already current, %d refused; nothing was changed%n", ready, current, refused);
    out.flush();
    int exit = refused == 0 ? ExitCode.OK : ExitCode.NEEDS_ATTENTION;
    HostsDocument document = document(batches, binary, hosts, verdicts);
    document.summary().put("ready", ready).put("alreadyCurrent", current).put("refused", refused);
    return jsonOption.write(document, exit, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  private static long count(List<Verdict> verdicts, Verdict.Kind kind) {
    return verdicts.stream().filter(v -> v.kind() == kind).count();
  }

  /** The run report's binary and batches, and per host its verdict; versions as the run report has them. */
  private HostsDocument document(List<List<Host>> batches, NewBinary binary, List<Host> hosts, List<Verdict> verdicts) {
    HostsDocument document = new HostsDocument("plan", selection.inventoryFile);
    ObjectNode file = document.top().putObject("binary");
    if (binary.pulled()) {
      file.put("url", binary.url().toString()).put("sha256", binary.sha256());
    } else {
      file.put("path", binary.file().toString()).put("sha256", binary.sha256()).put("bytes", binary.size());
    }
    ArrayNode names = document.top().putArray("batches");
    Map<String, Integer> batchOf = new HashMap<>();
    for (int b = 0; b < batches.size(); b++) {
      ArrayNode batch = names.addArray();
      for (Host host : batches.get(b)) {
        batch.add(host.name());
        batchOf.put(host.name(), b + 1);
      }
    }
    for (int i = 0; i < hosts.size(); i++) {
      Verdict v = verdicts.get(i);
      document.host(hosts.get(i))
          .put("batch", batchOf.get(hosts.get(i).name()))
          .put("verdict", v.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .put("reason", v.reason())
          .put("fromVersion", v.runningVersion())
          .put("fromSha256", HostsDocument.orNull(v.runningSha256()))
          .put("toSha256", binary.sha256());
    }
    return document;
  }
}
