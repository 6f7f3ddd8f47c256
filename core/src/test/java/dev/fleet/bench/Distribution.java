package dev.fleet.bench;

import dev.fleet.inventory.Host;
import dev.fleet.sandbox.SandboxFleet;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.ssh.SshConnector;
import dev.fleet.transport.ssh.SshOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies one big file to many hosts at once: fleet's upload plus the sha256 check on the host, one
 * command with the file on its stdin (the first half of its stage step), on connections opened
 * beforehand, next to OpenSSH {@code scp}
 * started for every host from one shell ({@code &} and {@code wait}), connection included.
 */
final class Distribution {
  private static final String REMOTE = "/tmp/.fleet-bench-upload";
  /** What stage.sh does with the file before nginx sees it: receive it on stdin, check it. */
  private static final String RECEIVE_AND_VERIFY =
      "cat > \"$1\" || exit 3; [ \"$(sha256sum < \"$1\" | cut -d' ' -f1)\" = \"$2\" ] || { echo \"sha256 differs\" >&2; exit 3; }; rm -f -- \"$1\"";

  private Distribution() {}

  /** Wall millis to upload {@code file} to every host and check its sha256 there. */
  static long fleetUpload(List<Host> hosts, Path file, String sha256) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(hosts.size());
    try (SshConnector connector = new SshConnector(SshOptions.defaults().withSshConfig(null).withAgent(false))) {
      List<Connection> connections = all(pool, hosts.stream().map(h -> (Callable<Connection>) () -> connector.connect(h)).toList());
      long start = System.nanoTime();
      all(pool, connections.stream().map(c -> (Callable<Void>) () -> {
        CommandResult ok = c.run(RemoteCommand.privileged("stage", RECEIVE_AND_VERIFY, REMOTE, sha256), file, Duration.ofSeconds(120));
        if (!ok.ok()) {
          throw new IllegalStateException(c.host() + ": " + ok.stderr());
        }
        return null;
      }).toList());
      long wall = (System.nanoTime() - start) / 1_000_000;
      connections.forEach(Connection::close);
      return wall;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Wall millis for {@code scp} to every host in parallel, each a fresh ssh connection. */
  static long scp(SandboxFleet fleet, List<SandboxHost> hosts, Path file) throws Exception {
    StringBuilder script = new StringBuilder("fail=0; pids=\n");
    for (SandboxHost host : hosts) {
      script.append("scp -q -i '").append(fleet.clientKey()).append("' -o BatchMode=yes -o UserKnownHostsFile='")
          .append(fleet.knownHosts()).append("' -o StrictHostKeyChecking=yes '").append(file)
          .append("' root@").append(host.address()).append(":").append(REMOTE).append(" & pids=\"$pids $!\"\n");
    }
    script.append("for pid in $pids; do wait $pid || fail=1; done; exit $fail\n");
    long start = System.nanoTime();
    Process shell = new ProcessBuilder("sh", "-c", script.toString()).inheritIO().start();
    if (shell.waitFor() != 0) {
      System.out.println("(scp failed on some host)");
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    tasks.forEach(t -> futures.add(pool.submit(t)));
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get());
    }
    return results;
  }
}
