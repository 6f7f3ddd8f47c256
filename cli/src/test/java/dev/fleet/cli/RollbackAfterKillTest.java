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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code fleet rollback} is a run like an upgrade: all hosts in one batch, in parallel, journaled;
 * killed with SIGKILL anywhere, {@code fleet resume} finishes it, and every host ends on one
 * master running its backup binary while HTTP keeps answering.
 */
@RealFleetTest
class RollbackAfterKillTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(6);

  /** A journal line of the rollback that, once written, triggers the kill. */
  @ParameterizedTest(name = "rollback killed after {0}")
  @ValueSource(
      strings = {
        "\"event\":\"host-target\",\"host\":\"web2\"",
        "\"event\":\"step-ok\",\"host\":\"web2\",\"step\":\"start-new-master\"",
        "\"event\":\"step-ok\",\"host\":\"web2\",\"step\":\"drain-old-workers\"",
        "\"event\":\"host-finished\""
      })
  void resumeFinishesARollbackWhoseControllerWasKilled(String trigger) throws Exception {
    Path stateDir = RunDirectory.beside(fleet.inventoryFile()).stateDir();
    List<String> original = fleet.hosts().stream().map(h -> runningDigest(h)).toList();
    String upgraded = upgradeAll("rb-kill-" + System.nanoTime());
    // Only the rollback's journal may trigger the kill, and resume must find the rollback.
    KilledController.deleteTree(stateDir);
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();

    Process controller =
        KilledController.start(fleet, "rollback", fleet.inventoryFile().toString(), "--parallel", "2", "--soak", "1s");
    KilledController.awaitJournalLine(fleet, stateDir, trigger, controller);
    controller.destroyForcibly(); // SIGKILL: no handler, no cleanup, the lock left behind
    assertTrue(controller.waitFor(10, TimeUnit.SECONDS));

    CliRun resumed = CliRun.of("resume", fleet.inventoryFile().toString());
    HttpLoadStats stats = load.stop();

    assertEquals(ExitCode.OK, resumed.exit(), resumed.out() + resumed.err());
    assertBackOn(original, upgraded);
    assertEquals(0, stats.failed(), stats.toString());
    System.out.printf("rollback killed after %s: resumed, %d HTTP requests, %d failed%n", trigger, stats.sent(), stats.failed());
  }

  @Test
  void aRollbackRunsEveryHostInOneBatchJournaledAndInParallel() throws Exception {
    Path stateDir = RunDirectory.beside(fleet.inventoryFile()).stateDir();
    KilledController.deleteTree(stateDir);
    List<String> original = fleet.hosts().stream().map(h -> runningDigest(h)).toList();
    long upStarted = System.nanoTime();
    String upgraded = upgradeAll("rb-par-" + System.nanoTime());
    long upMillis = (System.nanoTime() - upStarted) / 1_000_000;
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();

    long backStarted = System.nanoTime();
    CliRun back = CliRun.of("rollback", fleet.inventoryFile().toString(), "--parallel", "6", "--soak", "0s");
    long backMillis = (System.nanoTime() - backStarted) / 1_000_000;
    HttpLoadStats stats = load.stop();

    assertEquals(ExitCode.OK, back.exit(), back.out() + back.err());
    assertTrue(back.out().contains(": 6 hosts in 1 batches back to each host's kept backup binary"), back.out());
    assertTrue(back.out().contains("parallel 6"), back.out());
    assertBackOn(original, upgraded);
    Path journal = newestJournal(stateDir);
    String text = Files.readString(journal);
    assertTrue(text.contains("\"procedure\":\"ROLLBACK\""), text);
    assertEquals(1, text.split("\"event\":\"batch-started\"", -1).length - 1, "one batch");
    assertEquals(6, text.split("\"event\":\"host-finished\"", -1).length - 1, "every host journaled");
    assertTrue(Files.isDirectory(journal.resolveSibling("transcripts")), "transcripts kept");
    assertEquals(0, stats.failed(), stats.toString());
    // A figure, never an assertion: on this machine the two take about as long.
    System.out.printf("6 hosts: upgrade %d ms (canary first), rollback %d ms (one batch); %d requests, %d failed%n",
        upMillis, backMillis, stats.sent(), stats.failed());
  }

  /** Upgrades every host to a fresh binary, so each has a backup to go back to; its sha256. */
  private static String upgradeAll(String marker) throws Exception {
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + marker), marker);
    CliRun up = CliRun.of("upgrade", fleet.inventoryFile().toString(), "--binary", binary.toString(), "--soak", "0s", "--parallel", "6");
    assertEquals(ExitCode.OK, up.exit(), up.out() + up.err());
    return NewBinary.of(binary).sha256();
  }

  private static void assertBackOn(List<String> original, String upgraded) {
    for (int i = 0; i < fleet.hosts().size(); i++) {
      SandboxHost host = fleet.hosts().get(i);
      long master = soleMaster(host);
      assertEquals(original.get(i), runningDigest(host), host.name() + ": running its backup");
      assertEquals(original.get(i), sha256(host, "/usr/sbin/nginx"), host.name() + ": on disk");
      assertEquals(upgraded, sha256(host, "/usr/sbin/nginx.fleet-backup"), host.name() + ": the new backup");
      assertEquals(2, workersOf(host, master), host.name() + ": workers");
      assertFalse(exists(host, "/usr/sbin/.nginx.fleet-new"), host.name() + ": staged file left");
    }
  }

  private static Path newestJournal(Path stateDir) throws Exception {
    try (var runs = Files.list(stateDir.resolve("runs"))) {
      return runs.sorted().reduce((a, b) -> b).orElseThrow().resolve("journal.jsonl");
    }
  }
}
