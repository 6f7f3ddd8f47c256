package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.HostInspection.Verdict;
import dev.fleet.nginx.HostInspection;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.EachHost;
import dev.fleet.transport.Connector;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet check INVENTORY}: can fleet reach, log in, get root and pass preflight on each host. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header = "Check connection, login, sudo and preflight on each host.",
    description =
        "Checks every selected host the way an upgrade would reach it, changing nothing: connection and host key, authentication, sudo (where the user is not root), preflight, and the config test of the running binary with the master's own arguments.",
    footer = {
      "",
      "Examples:",
      "  fleet check inventory.yml",
      "  fleet check inventory.yml --limit 'web-*' --json check.json",
      "",
      "Exit codes:",
      "  0  every host passed",
      "  2  usage or inventory error",
      "  3  some host did not (the table says which check and why)"
    })
final class CheckCommand implements Callable<Integer>, SettingFlags.Holder {
  @Spec CommandSpec spec;

  @Mixin Selection selection;

  private final SettingFlags settings = new SettingFlags(UpgradeSetting.BINARY, UpgradeSetting.BINARY_URL, UpgradeSetting.SHA256);

  @Mixin JsonOption jsonOption;

  private record Result(String connect, String sudo, String preflight, String detail) {
    boolean ok() {
      return detail.isEmpty();
    }
  }

  @Override
  public SettingFlags settingFlags() {
    return settings;
  }

  @Override
  public Integer call() throws InventoryException, IOException, InterruptedException {
    PrintWriter out = jsonOption.table(spec.commandLine().getOut());
    Inventory inventory = selection.loadForInspection(settings.overrides());
    List<Host> hosts = selection.hosts(inventory);
    // Without a new binary, preflight checks the host and skips the binary's architecture and size.
    NewBinary binary =
        inventory.upgrade().binary() == null && !inventory.upgrade().pulled() ? null : NewBinary.of(inventory.upgrade());
    List<Result> results;
    try (Connector connector = NginxSsh.connector()) {
      results =
          EachHost.ask(
              hosts,
              inventory.upgrade().parallel(),
              connector,
              (host, connection) -> {
                Optional<String> sudo = HostInspection.privilegeProblem(connection);
                if (sudo.isPresent()) {
                  return new Result("ok", "FAILED", "-", sudo.get());
                }
                Verdict v = HostInspection.preflight(host, connection, binary);
                String sudoColumn = host.ssh().sudo() && !"root".equals(host.ssh().user()) ? "ok" : "not needed";
                return v.kind() == Verdict.Kind.REFUSED
                    ? new Result("ok", sudoColumn, "FAILED", v.reason())
                    : new Result("ok", sudoColumn, v.kind() == Verdict.Kind.READY ? "ok" : "already current", "");
              },
              (host, reason) -> new Result("FAILED", "-", "-", reason));
    }
    out.printf("%-20s %-8s %-12s %-16s %s%n", "HOST", "CONNECT", "SUDO", "PREFLIGHT", "DETAIL");
    for (int i = 0; i < hosts.size(); i++) {
      Result r = results.get(i);
      out.printf("%-20s %-8s %-12s %-16s %s%n", hosts.get(i).name(), r.connect(), r.sudo(), r.preflight(), r.detail());
    }
    long failed = results.stream().filter(r -> !r.ok()).count();
    out.printf("%d of %d hosts passed%n", hosts.size() - failed, hosts.size());
    out.flush();
    HostsDocument document = new HostsDocument("check", selection.inventoryFile);
    for (int i = 0; i < hosts.size(); i++) {
      Result r = results.get(i);
      document.host(hosts.get(i))
          .put("result", r.ok() ? "passed" : "failed")
          .put("connect", word(r.connect()))
          .put("sudo", word(r.sudo()))
          .put("preflight", word(r.preflight()))
          .put("reason", HostsDocument.orNull(r.detail()));
    }
    document.summary().put("passed", hosts.size() - failed).put("failed", failed);
    int exit = failed == 0 ? ExitCode.OK : ExitCode.NEEDS_ATTENTION;
    return jsonOption.write(document, exit, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** A table cell as JSON: "not needed" is "not-needed", "FAILED" "failed", "-" (not tried) null. */
  private static String word(String cell) {
    return "-".equals(cell) ? null : cell.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
  }
}
