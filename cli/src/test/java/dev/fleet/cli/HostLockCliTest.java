package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.soleMaster;
import static dev.fleet.testing.HostFacts.workersOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.RunDirectory;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller killed mid-run leaves its host locks: another controller is refused on those hosts
 * and changes nothing, `fleet status` shows who holds them, `fleet unlock` keeps a lock whose host
 * is half-way, and the dead run's own `fleet resume` takes them over and finishes; every host's
 * history then says what was done.
 */
@RealFleetTest
class HostLockCliTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(3);

  @TempDir Path otherController;

  @Test
  void aDeadControllersLocksKeepOthersOutUntilItsResumeFinishes() throws Exception {
    Path stateDir = RunDirectory.beside(fleet.inventoryFile()).stateDir();
    KilledController.deleteTree(stateDir);
    Path first = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-lock-a"), "lock-a");
    Path second = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-lock-b"), "lock-b");
    String fresh = NewBinary.of(first).sha256();
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();

    Process controller =
        KilledController.start(
            fleet, "upgrade", fleet.inventoryFile().toString(), "--binary", first.toString(),
            // A long soak keeps web2 half-way long after the journal line: the kill lands first.
            "--batches", "1,100%", "--parallel", "2", "--soak", "20s");
    KilledController.awaitJournalLine(fleet, stateDir, "\"event\":\"step-ok\",\"host\":\"web2\",\"step\":\"start-new-master\"", controller);
    controller.destroyForcibly();
    assertTrue(controller.waitFor(10, TimeUnit.SECONDS));
    String runId;
    try (var runs = Files.list(stateDir.resolve("runs"))) {
      runId = runs.findFirst().orElseThrow().getFileName().toString();
    }
    // web2 is half-way (two masters): what it is must not change while the dead run holds it.
    String web2Before = halfWay(fleet.host("web2"));

    CliRun intruder =
        CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary", second.toString(), "--limit", "web2",
            "--soak", "0s", "--yes", "--log-dir", otherController.toString());
    String web2AfterIntruder = halfWay(fleet.host("web2"));
    CliRun status = CliRun.of("status", fleet.inventoryFile().toString());
    CliRun unlock = CliRun.of("unlock", fleet.inventoryFile().toString(), "--run", runId, "--limit", "web2");
    CliRun resumed = CliRun.of("resume", fleet.inventoryFile().toString());
    CliRun history = CliRun.of("history", fleet.inventoryFile().toString(), "--limit", "web2");
    HttpLoadStats stats = load.stop();

    assertEquals(ExitCode.HALTED, intruder.exit(), intruder.out() + intruder.err());
    assertTrue(intruder.out().contains("locked by run " + runId), intruder.out());
    assertEquals(web2Before, web2AfterIntruder, "the other controller touched nothing");
    assertTrue(status.out().contains("web2             locked by run " + runId), status.out());
    assertEquals(ExitCode.NEEDS_ATTENTION, unlock.exit(), unlock.out());
    assertTrue(unlock.out().contains("kept: nginx is"), "a half-way host keeps its lock: " + unlock.out());
    assertEquals(ExitCode.OK, resumed.exit(), resumed.out() + resumed.err());
    for (SandboxHost host : fleet.hosts()) {
      long master = soleMaster(host);
      assertEquals(fresh, runningDigest(host), host.name());
      assertEquals(fresh, sha256(host, "/usr/sbin/nginx"), host.name() + ": disk");
      assertEquals(2, workersOf(host, master), host.name() + ": workers");
    }
    assertTrue(history.out().contains(runId) && history.out().contains("upgraded"), history.out());
    CliRun after = CliRun.of("status", fleet.inventoryFile().toString());
    assertTrue(!after.out().contains("locked by") && after.out().contains("last: "), after.out());
    assertEquals(0, stats.failed(), stats.toString());
    System.out.printf("dead controller's locks: other run refused, resume finished; %d requests, %d failed%n", stats.sent(), stats.failed());
  }

  /** The masters, the pid files and the file on disk: everything an upgrade step would change. */
  private static String halfWay(SandboxHost host) {
    return host.exec("sh", "-c", "pgrep -f '^nginx: master' | sort; cat /run/nginx.pid /run/nginx.pid.oldbin; sha256sum /usr/sbin/nginx").stdout();
  }
}
