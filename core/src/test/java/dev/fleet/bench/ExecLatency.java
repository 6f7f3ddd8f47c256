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
 * pays), and of a connect; then of one health check's GET, asked by fleet over the connection
 * against asked by curl on the host, as the host's CPU and the controller's. Run with {@code sudo
 * bench/exec [ROUNDS] [NETWORK]}.
 */
public final class ExecLatency {
  private ExecLatency() {}

  /** CPU of everything the host's pid 1 (its sshd) reaped so far, itself included. */
  private static long hostCpuMs(SandboxFleet fleet) throws Exception {
    String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(fleet.hosts().get(0).initPid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10;
  }

  private interface Ask {
    int status() throws Exception;
  }

  private interface AskOn {
    Ask on(Connection c);
  }

  /**
   * {@code rounds} asks to warm up, then ten times as many measured on a connection of their own,
   * closed before the host's CPU is read: the host counts a process's CPU when its parent reaps
   * it, and the persistent shell is reaped only when its session ends.
   */
  private static void health(SandboxFleet fleet, SshConnector connector, Host host, String how, int rounds, AskOn asks)
      throws Exception {
    try (Connection c = connector.connect(host)) {
      Ask ask = asks.on(c);
      for (int i = 0; i < rounds; i++) {
        ask.status();
      }
    }
    var jvm = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    List<Long> times = new ArrayList<>();
    long hostBefore = hostCpuMs(fleet);
    long jvmBefore;
    try (Connection c = connector.connect(host)) {
      Ask ask = asks.on(c);
      ask.status(); // the shell's start is not an ask's
      jvmBefore = jvm.getProcessCpuTime();
      for (int i = 0; i < rounds * 10; i++) {
        long s = System.nanoTime();
        if (ask.status() != 200) {
          throw new IllegalStateException(how + ": the health URL did not answer 200");
        }
        times.add((System.nanoTime() - s) / 1000);
      }
    }
    // The host reaps the session's processes after the close; a benchmark may give it a moment.
    Thread.sleep(200);
    System.out.printf("health check GET, %s: median %d us (%d asks); host CPU per ask %.1f ms, controller CPU per ask %.2f ms%n",
        how, JournalStats.median(times), times.size(), (double) (hostCpuMs(fleet) - hostBefore) / times.size(),
        (jvm.getProcessCpuTime() - jvmBefore) / 1e6 / times.size());
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
        String url = host.nginx().healthUrl();
        RemoteCommand curl = RemoteCommand.of("curl", "curl -s -o /dev/null -m 5 -w '%{http_code}' -- \"$1\"", url);
        for (int i = 0; i < 2; i++) {
          health(fleet, connector, host, "fleet over the SSH connection", rounds,
              c -> () -> c.startHttpAsk(url, Duration.ofSeconds(10)).await().getAsInt());
          health(fleet, connector, host, "curl on the host, a command", rounds,
              c -> () -> Integer.parseInt(c.run(curl, Duration.ofSeconds(10)).stdout().strip()));
        }
      }
    }
  }
}
