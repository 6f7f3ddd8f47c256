package dev.fleet.cli;

import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.Sandbox;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.sandbox.SandboxSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code fleet sandbox demo}: the main job on an embedded default. Starts a sandbox, keeps HTTP
 * requests flowing to every host, runs {@code fleet upgrade} on its inventory exactly as a user
 * would, then shows each host's master and the request count.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Start a sandbox, upgrade it under HTTP load, stop it.",
    description = "Starts a sandbox, upgrades it under HTTP load with `fleet upgrade`, and stops it.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--hosts", defaultValue = "3", description = SandboxCommand.HOSTS_HELP)
  int hosts;

  @Option(names = "--dir", defaultValue = SandboxCommand.DEFAULT_DIR, description = "State directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--keep", description = "Leave the sandbox running afterwards.")
  boolean keep;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SandboxSpec sandbox = SandboxCommand.validSpec(spec, () -> SandboxSpec.of(dir.toAbsolutePath(), hosts));
    out.printf("== starting a sandbox fleet of %d hosts in %s%n", hosts, dir);
    SandboxFleet fleet = Sandbox.up(sandbox);
    try {
      showMasters(out, fleet, "before");
      HttpLoad load = new HttpLoad(fleet.healthUrls()).start();
      out.printf("%n== fleet upgrade %s   (HTTP requests keep flowing to every host)%n", fleet.inventoryFile());
      CommandLine upgrade = FleetCommand.commandLine();
      upgrade.setOut(out);
      upgrade.setErr(spec.commandLine().getErr());
      int exit = upgrade.execute("upgrade", fleet.inventoryFile().toString(), "--yes");
      HttpLoadStats stats = load.stop();
      out.printf("%n== fleet upgrade exited with %d%n", exit);
      showMasters(out, fleet, "after");
      out.printf(
          "%nHTTP during the upgrade: %d requests, %d failed, over %d hosts%n",
          stats.sent(), stats.failed(), fleet.hosts().size());
      return exit != 0 ? exit : stats.failed() == 0 ? 0 : ExitCode.NEEDS_ATTENTION;
    } finally {
      if (keep) {
        out.printf("sandbox left running; stop it with: fleet sandbox down --dir %s%n", dir);
      } else {
        fleet.close();
      }
      out.flush();
    }
  }

  /** Read through the host's namespaces, not SSH: an independent look at what fleet did. */
  private static void showMasters(PrintWriter out, SandboxFleet fleet, String when) {
    out.printf("%nmasters %s:%n", when);
    for (SandboxHost host : fleet.hosts()) {
      String master =
          host.exec(
                  "sh", "-c",
                  "p=$(cat /run/nginx.pid); v=$(/proc/$p/exe -v 2>&1); "
                      + "echo \"pid $p, ${v#nginx version: }, binary sha256 $(sha256sum < /proc/$p/exe | cut -c1-12)\"")
              .stdout()
              .strip();
      out.printf("  %-8s %s%n", host.name(), master);
    }
  }
}
