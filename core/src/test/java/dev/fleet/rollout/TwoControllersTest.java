package dev.fleet.rollout;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.soleMaster;
import static dev.fleet.testing.HostFacts.workersOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two controllers (separate state directories, as two Jenkins agents have) upgrade the same hosts
 * to two different binaries at once: the host locks let one of them upgrade every host, and the
 * other is refused at its canary, names the run holding it, and touches nothing: not even its
 * before_host hook runs, since host hooks run inside the host's lock (a refused run that drained
 * and then "readied" the host would undo the other run's drain).
 */
@RealFleetTest
class TwoControllersTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(4);

  @TempDir Path stateA;
  @TempDir Path stateB;
  @TempDir Path hooked;

  @Test
  void ofTwoControllersAtOnceOneUpgradesEveryHostAndTheOtherIsRefusedUntouched() throws Exception {
    Path binaryA = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-two-a"), "two-a");
    Path binaryB = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-two-b"), "two-b");
    // Whichever run takes web1's lock holds it until the other has finished trying web1, so the
    // test does not depend on who is faster, only on the lock.
    CountDownLatch aTriedWeb1 = new CountDownLatch(1);
    CountDownLatch bTriedWeb1 = new CountDownLatch(1);
    ExecutorService both = Executors.newFixedThreadPool(2);
    Path hookLog = hooked.resolve("hooks.log");
    String record = "echo \"$FLEET_RUN $FLEET_HOOK $FLEET_HOST\" >> '" + hookLog + "'";
    Path inventory =
        dev.fleet.testing.HookedInventory.write(
            fleet.inventoryFile(), hooked.resolve("inv"), java.util.Map.of("before_host", record, "after_host", record), null);
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();
    RunController.Outcome a;
    RunController.Outcome b;
    try (SshConnector connector = NginxSsh.connector()) {
      CountDownLatch start = new CountDownLatch(2);
      Future<RunController.Outcome> runA = both.submit(() -> run(connector, inventory, stateA, binaryA, aTriedWeb1, bTriedWeb1, start));
      Future<RunController.Outcome> runB = both.submit(() -> run(connector, inventory, stateB, binaryB, bTriedWeb1, aTriedWeb1, start));
      a = runA.get(10, TimeUnit.MINUTES);
      b = runB.get(10, TimeUnit.MINUTES);
    } finally {
      both.shutdownNow();
    }
    HttpLoadStats stats = load.stop();

    RunController.Outcome winner = a.result().status() == RolloutResult.Status.COMPLETED ? a : b;
    RunController.Outcome loser = winner == a ? b : a;
    String winning = NewBinary.of(winner == a ? binaryA : binaryB).sha256();
    assertEquals(RolloutResult.Status.COMPLETED, winner.result().status(), winner.result().toString());
    assertEquals(4, winner.result().count(UpgradeOutcome.Status.UPGRADED), winner.result().toString());
    assertEquals(RolloutResult.Status.HALTED, loser.result().status(), loser.result().toString());
    UpgradeOutcome refused = loser.result().outcomes().get(0);
    assertEquals("web1", refused.host());
    assertEquals(UpgradeOutcome.Status.REFUSED, refused.status());
    assertEquals("lock", refused.step());
    assertTrue(refused.reason().contains("locked by run " + winner.runId()), refused.reason());
    assertEquals(List.of("web2", "web3", "web4"), loser.result().notReached());
    for (SandboxHost host : fleet.hosts()) {
      long master = soleMaster(host);
      assertEquals(winning, runningDigest(host), host.name() + ": runs the winner's binary");
      assertEquals(winning, sha256(host, "/usr/sbin/nginx"), host.name() + ": on disk");
      assertEquals(2, workersOf(host, master), host.name() + ": workers");
      assertTrue(host.exec("sh", "-c", "! ls /var/lib/fleet/*.lock 2>/dev/null | grep -q .").ok(), host.name() + ": lock released");
    }
    assertEquals(0, stats.failed(), stats.toString());
    List<String> hookLines = java.nio.file.Files.readAllLines(hookLog);
    assertTrue(hookLines.stream().noneMatch(l -> l.startsWith(loser.runId() + " ")), "the refused run ran no host hook: " + hookLines);
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(
          List.of(winner.runId() + " before_host " + host.name(), winner.runId() + " after_host " + host.name()),
          hookLines.stream().filter(l -> l.endsWith(" " + host.name())).toList(),
          host.name() + "'s hooks");
    }
    System.out.printf("two controllers at once: %s upgraded 4 hosts, %s refused at web1; %d requests, %d failed%n",
        winner.runId(), loser.runId(), stats.sent(), stats.failed());
  }

  private static RunController.Outcome run(
      SshConnector connector,
      Path inventory,
      Path stateDir,
      Path binary,
      CountDownLatch iTried,
      CountDownLatch otherTried,
      CountDownLatch start)
      throws Exception {
    RolloutListener holdWeb1 =
        new RolloutListener() {
          @Override
          public void stepSucceeded(String host, String step, Duration took) {
            if (host.equals("web1") && step.equals("lock")) {
              await(otherTried);
            }
          }

          @Override
          public void hostFinished(Host host, UpgradeOutcome outcome) {
            if (host.name().equals("web1")) {
              iTried.countDown();
            }
          }
        };
    UpgradeOverrides overrides = UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString()).with(UpgradeSetting.BATCHES, "1,100%").with(UpgradeSetting.PARALLEL, "4").with(UpgradeSetting.MAX_FAILURES, "0").with(UpgradeSetting.SOAK, "0s").with(UpgradeSetting.ROLLBACK, "host");
    RunController controller = new RunController(connector, holdWeb1, Optional.of(stateDir));
    start.countDown();
    start.await();
    return controller.upgrade(new RunController.Request(inventory, overrides, null, false), plan -> true);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(5, TimeUnit.MINUTES), "the other run never tried web1");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
