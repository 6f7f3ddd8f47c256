package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.workersOf;
import static dev.fleet.testing.HostFacts.soleMaster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@RealFleetTest
class RollbackCommandTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(2);

  @Test
  void rollbackAfterAnUpgradeRunsTheOriginalBinaryAgainWithoutAFailedRequest() throws Exception {
    List<String> original = fleet.hosts().stream().map(h -> runningDigest(h)).toList();
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-cli-rollback"), "cli-rollback");
    String upgraded = NewBinary.of(binary).sha256();

    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();
    CliRun up = CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary", binary.toString(), "--soak", "0s");
    CliRun back = CliRun.of("rollback", fleet.inventoryFile().toString(), "--soak", "200ms");
    HttpLoadStats stats = load.stop();

    assertEquals(0, up.exit(), up.out() + up.err());
    assertTrue(up.out().contains("nginx 1.") && up.out().contains(" -> "), "versions old -> new: " + up.out());
    assertEquals(0, back.exit(), back.out() + back.err());
    assertTrue(back.out().contains("2 upgraded, 0 already current"), back.out());
    for (int i = 0; i < fleet.hosts().size(); i++) {
      SandboxHost host = fleet.hosts().get(i);
      assertEquals(original.get(i), runningDigest(host), host.name() + ": running");
      assertEquals(original.get(i), sha256(host, "/usr/sbin/nginx"), host.name() + ": on disk");
      assertEquals(upgraded, sha256(host, "/usr/sbin/nginx.fleet-backup"), host.name() + ": backup");
      assertEquals(2, workersOf(host, soleMaster(host)), host.name() + ": workers");
    }
    assertEquals(0, stats.failed(), stats.toString());
    System.out.printf("upgrade + rollback of %d hosts: %d HTTP requests, %d failed%n", fleet.hosts().size(), stats.sent(), stats.failed());
    System.out.println(back.out());
  }

  @Test
  void rollbackOfARunRevertsOnlyTheHostsThatRunUpgraded() throws Exception {
    Path first = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-run-a"), "run-a");
    CliRun base = CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary", first.toString(), "--soak", "0s");
    assertEquals(0, base.exit(), base.out() + base.err());
    List<String> before = fleet.hosts().stream().map(h -> runningDigest(h)).toList();
    Path second = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-run-b"), "run-b");
    CliRun run =
        CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary", second.toString(), "--soak", "0s", "--limit", "web2");
    assertEquals(0, run.exit(), run.out() + run.err());
    String runId = run.out().lines().filter(l -> l.startsWith("run ") && l.contains(": journal "))
        .map(l -> l.substring(4, l.indexOf(':'))).findFirst().orElseThrow();

    CliRun back = CliRun.of("rollback", fleet.inventoryFile().toString(), "--run", runId, "--soak", "0s");

    assertEquals(0, back.exit(), back.out() + back.err());
    assertTrue(back.out().contains(": 1 hosts in 1 batches back to each host's kept backup binary"), back.out());
    assertEquals(before, fleet.hosts().stream().map(h -> runningDigest(h)).toList(), "web2 back on run-a, web1 untouched");
    CliRun unknown = CliRun.of("rollback", fleet.inventoryFile().toString(), "--run", "no-such-run");
    assertEquals(ExitCode.USAGE, unknown.exit());
    assertTrue(unknown.err().contains("no run no-such-run"), unknown.err());
  }
}
