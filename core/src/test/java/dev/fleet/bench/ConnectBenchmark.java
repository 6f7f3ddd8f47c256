package dev.fleet.bench;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostKeyPolicy;
import dev.fleet.inventory.SshSettings;
import dev.fleet.sandbox.Sandbox;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.sandbox.SandboxSpec;
import dev.fleet.testing.LoopbackNetworks;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.ssh.SshConnector;
import dev.fleet.transport.ssh.SshOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: prints how long fleet takes to connect, authenticate and run {@code true} on every
 * host of a sandbox in parallel, next to OpenSSH's {@code ssh} started for each host from one
 * shell loop ({@code &} and {@code wait}). Never fails on timing. Run it with {@code bench/connect}.
 *
 * <p>Each fleet round uses a new connector, so nothing (client, keys, sessions) carries over from
 * the round before; the JVM, its classes and JIT do, which is why the first round is shown apart.
 */
public final class ConnectBenchmark {
  private ConnectBenchmark() {}

  public static void main(String[] args) throws Exception {
    int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Path.of("target", "bench-sandbox").toAbsolutePath();
    // The JVM's own start-up is paid once per fleet run, not per host; shown apart from the table.
    long jvmStartMs = ManagementFactory.getRuntimeMXBean().getUptime();
    System.out.printf("JVM start-up until main: %d ms; starting %d sandbox hosts...%n", jvmStartMs, hosts);
    SandboxSpec spec = SandboxSpec.of(dir, hosts).withNetworkPrefix(LoopbackNetworks.claim(SandboxSpec.networksFor(hosts)));
    try (SandboxFleet fleet = Sandbox.up(spec)) {
      List<Host> targets = targets(fleet);
      Round firstFleet = fleetRound(targets);
      List<Round> fleetRounds = new ArrayList<>();
      List<Round> opensshRounds = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        // Interleaved, so a noisy neighbour on the machine hurts both columns alike.
        fleetRounds.add(fleetRound(targets));
        opensshRounds.add(opensshRound(fleet));
      }
      Report.print(hosts, firstFleet, fleetRounds, opensshRounds);
    }
  }

  private static List<Host> targets(SandboxFleet fleet) {
    List<Host> targets = new ArrayList<>();
    for (SandboxHost host : fleet.hosts()) {
      SshSettings ssh =
          new SshSettings(
              "root", host.sshPort(), fleet.clientKey(), fleet.knownHosts(), HostKeyPolicy.STRICT,
              null, false, Duration.ofSeconds(30));
      targets.add(new Host(host.name(), host.address(), List.of(), ssh, null));
    }
    return targets;
  }

  /**
   * Wall and client CPU time of one run (server CPU is not counted on either side). CPU shows
   * the client's own cost even when other work on the machine stretches the wall time.
   */
  record Round(long wallMs, long cpuMs) {}

  /** New connector, one thread per host: connect + authenticate + run true + close. */
  static Round fleetRound(List<Host> targets) throws Exception {
    SshOptions options = SshOptions.defaults().withSshConfig(null).withAgent(false);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(targets.size());
    try (SshConnector connector = new SshConnector(options)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (Host host : targets) {
        results.add(
            pool.submit(
                () -> {
                  try (Connection c = connector.connect(host)) {
                    return c.run(RemoteCommand.of("true", "true"), Duration.ofSeconds(30))
                        .exitStatus();
                  }
                }));
      }
      for (Future<Integer> result : results) {
        if (result.get() != 0) {
          throw new IllegalStateException("true failed on a host");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Round((System.nanoTime() - start) / 1_000_000, (os.getProcessCpuTime() - cpu) / 1_000_000);
  }

  /** One sh starts ssh for every host in the background and waits; `times` gives its children's CPU. */
  static Round opensshRound(SandboxFleet fleet) throws Exception {
    StringBuilder script = new StringBuilder("fail=0; pids=\n");
    for (SandboxHost host : fleet.hosts()) {
      script.append(String.join(" ", quoted(fleet.sshCommand(host, "root")))).append(" true & pids=\"$pids $!\"\n");
    }
    script.append("for pid in $pids; do wait $pid || fail=1; done\ntimes >&2\nexit $fail\n");
    long start = System.nanoTime();
    Process shell =
        new ProcessBuilder("sh", "-c", script.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String times = new String(shell.getErrorStream().readAllBytes());
    if (shell.waitFor() != 0) {
      throw new IllegalStateException("ssh failed on a host: " + times);
    }
    return new Round((System.nanoTime() - start) / 1_000_000, childrenCpuMs(times));
  }

  /** The second line of sh's {@code times}: children's user and system time, "0m1.234s 0m0.5s". */
  private static long childrenCpuMs(String times) {
    String[] lines = times.strip().split("\n");
    long ms = 0;
    for (String field : lines[lines.length - 1].strip().split("\\s+")) {
      String[] minSec = field.replace("s", "").split("m");
      ms += Math.round((Long.parseLong(minSec[0]) * 60 + Double.parseDouble(minSec[1])) * 1000);
    }
    return ms;
  }

  private static List<String> quoted(List<String> argv) {
    return argv.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList();
  }
}
