package dev.fleet.cli;

import static dev.fleet.testing.HostFacts.runningDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.step.NewBinary;
import dev.fleet.rollout.RunDirectory;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.HookedInventory;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A controller killed with SIGKILL while the canary is between its before_host (drained) and its
 * after_host (put back): {@code fleet resume} brings the host to a safe state, then runs its
 * after_host, once, and every host drained is put back.
 */
@RealFleetTest
class HooksResumeAfterKillTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(2);

  private Path dir;

  @AfterEach
  void killTheBlockedHook() throws Exception {
    Path blocked = dir.resolve("blocked.pid");
    if (Files.exists(blocked)) {
      // The first controller's after_host, orphaned by the kill, in a process group of its own.
      new ProcessBuilder("kill", "-KILL", "--", "-" + Files.readString(blocked).strip()).start().waitFor();
    }
  }

  @Test
  void resumeGivesTheHostTheDeadControllerDrainedItsAfterHost() throws Exception {
    dir = fleet.sandbox().dir().resolve("hooked-kill");
    HookedInventory.clear(dir);
    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-hk-" + System.nanoTime()), "hk-" + System.nanoTime());
    // The first controller's after_host never ends: whenever the kill lands after the new
    // master is up, web1 has been drained and not put back.
    Path inventory =
        HookedInventory.write(
            fleet.inventoryFile(),
            dir,
            Map.of(
                "before_host", "echo \"$FLEET_HOST\" >> drained.log",
                "after_host",
                "[ \"$FLEET_RESUMED\" = 1 ] || { echo $$ > blocked.pid; exec sleep 600; };"
                    + " echo \"$FLEET_HOST $FLEET_RESULT $FLEET_RESUMED\" >> ready.log"),
            "10m");
    Path stateDir = RunDirectory.beside(inventory).stateDir();

    Process controller =
        KilledController.start(
            fleet, "upgrade", inventory.toString(), "--binary", binary.toString(),
            "--batches", "1,100%", "--parallel", "2", "--soak", "1s");
    KilledController.awaitJournalLine(
        fleet, stateDir, "\"event\":\"step-ok\",\"host\":\"web1\",\"step\":\"start-new-master\"", controller);
    controller.destroyForcibly();
    assertTrue(controller.waitFor(1, TimeUnit.MINUTES), "the controller outlived SIGKILL");
    assertEquals(List.of("web1"), Files.readAllLines(dir.resolve("drained.log")));
    assertTrue(Files.notExists(dir.resolve("ready.log")), "nothing was put back before the kill");

    CliRun resumed = CliRun.of("resume", inventory.toString());

    assertEquals(ExitCode.OK, resumed.exit(), resumed.out() + resumed.err());
    String fresh = NewBinary.of(binary).sha256();
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(fresh, runningDigest(host), host.name());
    }
    List<String> ready = Files.readAllLines(dir.resolve("ready.log"));
    assertEquals("web1 upgraded 1", ready.get(0), "web1's after_host, owed by the dead controller: " + ready);
    List<String> drained = Files.readAllLines(dir.resolve("drained.log"));
    for (String host : List.of("web1", "web2")) {
      assertEquals(
          drained.stream().filter(host::equals).count(),
          ready.stream().filter(l -> l.startsWith(host + " ")).count(),
          host + ": every before_host has its after_host: drained " + drained + ", ready " + ready);
    }
  }
}
