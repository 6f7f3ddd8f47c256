package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.exists;
import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.soleMaster;
import static dev.fleet.testing.HostFacts.workersOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The controller is killed with SIGKILL at chosen points of a rollout (a separate JVM running
 * `fleet upgrade`); `fleet resume` must bring every host to the end state with nothing left
 * half-way, while HTTP keeps answering.
 */
@RealFleetTest
class ResumeAfterKillTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(6);

  /** A journal line that, once written, triggers the kill. */
  @ParameterizedTest(name = "killed after {0}")
  @ValueSource(
      strings = {
        "\"event\":\"host-finished\"",
        "\"event\":\"step-ok\",\"host\":\"web2\",\"step\":\"stage\"",
        "\"event\":\"step-ok\",\"host\":\"web2\",\"step\":\"start-new-master\"",
        "\"event\":\"step-ok\",\"host\":\"web2\",\"step\":\"drain-old-workers\""
      })
  void resumeFinishesEveryHostAfterTheControllerIsKilled(String trigger) throws Exception {
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-kill-" + System.nanoTime()), "kill-" + System.nanoTime());
    String fresh = NewBinary.of(binary).sha256();
    Path stateDir = RunDirectory.beside(fleet.inventoryFile()).stateDir();
    deleteTree(stateDir);
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();

    Process controller =
        fleetProcess(
            "upgrade", fleet.inventoryFile().toString(), "--binary", binary.toString(),
            "--batches", "1,100%", "--parallel", "2", "--soak", "1s");
    awaitJournalLine(stateDir, trigger, controller);
    controller.destroyForcibly(); // SIGKILL: no handler, no cleanup
    assertTrue(controller.waitFor(1, TimeUnit.MINUTES), "the controller outlived SIGKILL");

    CliRun resumed = CliRun.of("resume", fleet.inventoryFile().toString());
    HttpLoadStats stats = load.stop();

    assertEquals(ExitCode.OK, resumed.exit(), resumed.out() + resumed.err());
    for (SandboxHost host : fleet.hosts()) {
      long master = soleMaster(host);
      assertEquals(fresh, runningDigest(host), host.name());
      assertEquals(fresh, sha256(host, "/usr/sbin/nginx"), host.name() + ": disk");
      assertEquals(2, workersOf(host, master), host.name() + ": workers");
      assertFalse(exists(host, "/usr/sbin/.nginx.fleet-new"), host.name() + ": staged file left");
    }
    assertEquals(0, stats.failed(), stats.toString());
    System.out.printf("killed after %s: resumed, %d HTTP requests, %d failed%n", trigger, stats.sent(), stats.failed());
  }

  @org.junit.jupiter.api.Test
  void sigtermPausesTheRunWithNothingHalfWayAndResumeFinishesIt() throws Exception {
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-term-" + System.nanoTime()), "term-" + System.nanoTime());
    String fresh = NewBinary.of(binary).sha256();
    Path stateDir = RunDirectory.beside(fleet.inventoryFile()).stateDir();
    deleteTree(stateDir);

    // The first batch (web1, web2) runs in parallel, then a 10 minute pause before the next one
    // that only a stop cuts short: the run cannot end by itself before the SIGTERM lands, however
    // slowly the test is scheduled; the signal comes while web1 and web2 are in flight or at the
    // latest in the pause, and either way the run must pause with nothing half-way.
    Process controller =
        fleetProcess(
            "upgrade", fleet.inventoryFile().toString(), "--binary", binary.toString(),
            "--batches", "2,100%", "--parallel", "2", "--soak", "1s", "--pause", "10m");
    awaitJournalLine(stateDir, "\"event\":\"step-ok\",\"host\":\"web2\",\"step\":\"stage\"", controller);
    controller.destroy(); // SIGTERM, as Jenkins' abort sends
    assertTrue(controller.waitFor(5, TimeUnit.MINUTES), "the controller did not end after SIGTERM");

    assertEquals(ExitCode.PAUSED, controller.exitValue(), Files.readString(fleet.sandbox().dir().resolve("killed-controller.log")));
    for (SandboxHost host : fleet.hosts()) {
      soleMaster(host); // one master, pid file matches, no .oldbin: nothing left half-way
      assertEquals(runningDigest(host), sha256(host, "/usr/sbin/nginx"), host.name() + ": disk == running");
    }
    CliRun resumed = CliRun.of("resume", fleet.inventoryFile().toString());
    assertEquals(ExitCode.OK, resumed.exit(), resumed.out() + resumed.err());
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(fresh, runningDigest(host), host.name());
    }
  }

  private static Process fleetProcess(String... args) throws Exception {
    return KilledController.start(fleet, args);
  }

  private static void awaitJournalLine(Path stateDir, String needle, Process controller) throws Exception {
    KilledController.awaitJournalLine(fleet, stateDir, needle, controller);
  }

  private static void deleteTree(Path dir) throws Exception {
    KilledController.deleteTree(dir);
  }
}
