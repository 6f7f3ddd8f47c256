package dev.fleet.bench;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.sandbox.Sandbox;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxSpec;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.ssh.SshConnector;
import dev.fleet.transport.ssh.SshOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: the cost of one command on an open connection (the unit every command of an upgrade
 * pays), and of a connect. Run with {@code sudo bench/exec [ROUNDS] [NETWORK]}.
 */
public final class ExecLatency {
  private ExecLatency() {}

  /** CPU of everything the host's pid 1 (its sshd) reaped so far, itself included. */
  private static long hostCpuMs(SandboxFleet fleet) throws Exception {
    String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(fleet.hosts().get(0).initPid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    String network = args.length > 1 ? args[1] : "127.41.0";
    Path dir = Path.of("target", "bench-exec").toAbsolutePath();
    try (SandboxFleet fleet = Sandbox.up(SandboxSpec.of(dir, 1).withNetworkPrefix(network))) {
      Host host = InventoryLoader.standard().load(fleet.inventoryFile()).hosts().get(0);
      try (SshConnector connector = new SshConnector(SshOptions.defaults().withSshConfig(null).withAgent(false))) {
        long cpuBefore = hostCpuMs(fleet);
        List<Long> connects = new ArrayList<>();
        List<Long> execs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          long t = System.nanoTime();
          try (Connection c = connector.connect(host)) {
            connects.add((System.nanoTime() - t) / 1000);
            for (int j = 0; j < rounds; j++) {
              long s = System.nanoTime();
              c.run(RemoteCommand.of("true", "true"), Duration.ofSeconds(10));
              execs.add((System.nanoTime() - s) / 1000);
            }
          }
        }
        long hostCpu = hostCpuMs(fleet) - cpuBefore;
        // As an exec (-Dfleet.ssh.shell=exec in JAVA_TOOL_OPTIONS), every command is a session
        // with a login shell of its own.
        boolean exec = !SshConnector.persistentShells();
        System.out.printf("connect: median %d us (10 connects); command `true` %s: median %d us, p90 %d us (%d runs);"
                + " host CPU per command (%s): %.1f ms%n",
            JournalStats.median(connects.subList(2, connects.size())),
            exec ? "as an exec" : "through the persistent shell", JournalStats.median(execs),
            JournalStats.percentile(execs, 0.9), execs.size(),
            exec ? "sshd session, login shell, deadline wrapper" : "sh -c in the shell, under its watchdog",
            (double) hostCpu / execs.size());
      }
    }
  }
}
