package dev.fleet.rollout;

import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Canary batches, the failure budget, the manual gate, resume and the lock, on 20 real hosts. A
 * "faulty" host is one whose nginx.conf on disk was broken after its master started: the running
 * master is fine, but the new binary's config test refuses it, a realistic per-host failure.
 */
@RealFleetTest
class CanaryRolloutTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(20);

  private final List<SandboxHost> broken = new ArrayList<>();
  private Path binary;
  private Map<String, String> before;

  @BeforeEach
  void freshBinaryAndState() throws Exception {
    binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + System.nanoTime()), "canary-" + System.nanoTime());
    before = digests();
    deleteRunState();
  }

  @AfterEach
  void repairBrokenHosts() {
    for (SandboxHost host : broken) {
      host.exec("sh", "-c", "mv /etc/nginx/nginx.conf.good /etc/nginx/nginx.conf");
    }
  }

  @Test
  void canaryFailureHaltsAndNoOtherHostIsTouched() throws Exception {
    breakConfig("web1");

    RunController.Outcome outcome = upgrade(overrides("1,25%,100%", "5", "0", null, "host"));

    RolloutResult result = outcome.result();
    assertEquals(RolloutResult.Status.HALTED, result.status());
    assertEquals(List.of("web1"), result.outcomes().stream().map(UpgradeOutcome::host).toList());
    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, result.outcomes().get(0).status());
    assertEquals(19, result.notReached().size());
    assertEquals(before, digests(), "every host still runs its old binary");
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(runningDigest(host), sha256(host, "/usr/sbin/nginx"), host.name() + ": disk == running");
    }
  }

  @Test
  void twoFaultyHostsWithinATenPercentBudgetLetTheRolloutFinish() throws Exception {
    breakConfig("web7");
    breakConfig("web15");
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();

    RunController.Outcome outcome = upgrade(overrides("1,25%,100%", "5", "10%", null, "batch"));
    HttpLoadStats stats = load.stop();

    RolloutResult result = outcome.result();
    assertEquals(RolloutResult.Status.COMPLETED_WITH_FAILURES, result.status(), result.toString());
    assertEquals(18, result.count(UpgradeOutcome.Status.UPGRADED));
    assertEquals(2, result.count(UpgradeOutcome.Status.ROLLED_BACK));
    String fresh = NewBinary.of(binary).sha256();
    for (SandboxHost host : fleet.hosts()) {
      String expected = broken.contains(host) ? before.get(host.name()) : fresh;
      assertEquals(expected, runningDigest(host), host.name());
    }
    assertEquals(0, stats.failed(), stats.toString());
    System.out.printf("20 hosts, 2 faulty within budget: %d HTTP requests, %d failed%n", stats.sent(), stats.failed());
  }

  @Test
  void threeFaultyHostsBreachTheBudgetAndStopNewHosts() throws Exception {
    breakConfig("web2");
    breakConfig("web3");
    breakConfig("web4");

    // One host at a time, so the breach is reached before any later host starts.
    RunController.Outcome outcome = upgrade(overrides("1,25%,100%", "1", "10%", null, "host"));

    RolloutResult result = outcome.result();
    assertEquals(RolloutResult.Status.HALTED, result.status(), result.toString());
    assertEquals(3, result.count(UpgradeOutcome.Status.ROLLED_BACK));
    assertEquals(16, result.notReached().size(), "hosts after the breach are not touched");
    for (String name : result.notReached()) {
      assertEquals(before.get(name), runningDigest(fleet.host(name)), name);
    }
  }

  @Test
  void rollbackAllAfterABreachInTheThirdBatchRestoresEveryHostThisRunUpgraded() throws Exception {
    // Batches [web1] [web2..web6] [web7..web20]; one host at a time, so web7..web9 are upgraded
    // before the third failure (web12) breaches max_failures 2.
    breakConfig("web10");
    breakConfig("web11");
    breakConfig("web12");
    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();

    RunController.Outcome outcome = upgrade(overrides("1,25%,100%", "1", "2", null, "all"));
    HttpLoadStats stats = load.stop();

    RolloutResult result = outcome.result();
    assertEquals(RolloutResult.Status.HALTED, result.status(), result.toString());
    assertEquals(9, result.count(UpgradeOutcome.Status.UPGRADED));
    assertEquals(
        List.of("web9", "web8", "web7", "web6", "web5", "web4", "web3", "web2", "web1"),
        result.reverted().stream().map(UpgradeOutcome::host).toList(),
        "every upgraded host, newest first");
    assertTrue(result.reverted().stream().allMatch(UpgradeOutcome::succeeded), result.reverted().toString());
    assertEquals(before, digests(), "every host runs the binary it had before the run");
    assertEquals(0, stats.failed(), stats.toString());
    System.out.printf("rollback all after a breach: %d HTTP requests, %d failed%n", stats.sent(), stats.failed());
  }

  @Test
  void rollbackBatchRevertsOnlyTheBatchThatBreachedTheBudget() throws Exception {
    breakConfig("web10");
    breakConfig("web11");
    breakConfig("web12");

    RunController.Outcome outcome = upgrade(overrides("1,25%,100%", "1", "2", null, "batch"));

    RolloutResult result = outcome.result();
    assertEquals(RolloutResult.Status.HALTED, result.status(), result.toString());
    assertEquals(List.of("web9", "web8", "web7"), result.reverted().stream().map(UpgradeOutcome::host).toList());
    String fresh = NewBinary.of(binary).sha256();
    for (int i = 1; i <= 20; i++) {
      String name = "web" + i;
      String expected = i <= 6 ? fresh : before.get(name);
      assertEquals(expected, runningDigest(fleet.host(name)), name);
    }
  }

  @Test
  void aManualGateStopsAfterEachBatchAndResumeCarriesOn() throws Exception {
    RunController.Outcome first = upgrade(overrides("1,50%", "10", "0", "manual", "batch"));
    assertEquals(RolloutResult.Status.PAUSED, first.result().status());
    assertEquals(1, first.result().outcomes().size(), "only the canary ran");

    RunController.Outcome second = resume();
    assertEquals(RolloutResult.Status.PAUSED, second.result().status());
    assertEquals(first.runId(), second.runId(), "the same run continues");
    assertEquals(11, second.result().outcomes().size());

    RunController.Outcome third = resume();
    assertEquals(RolloutResult.Status.COMPLETED, third.result().status(), third.result().toString());
    String fresh = NewBinary.of(binary).sha256();
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(fresh, runningDigest(host), host.name());
    }
    RunController.NotResumableException ended = assertThrows(RunController.NotResumableException.class, this::resume);
    assertTrue(ended.getMessage().contains("already ended completed"), ended.getMessage());
  }

  @Test
  void aSecondRunIsRefusedWhileTheLockIsHeldAndAStaleLockIsReported() throws Exception {
    Path stateDir = RunDirectory.beside(fleet.inventoryFile()).stateDir();
    try (RunLock held = RunLock.acquire(stateDir, "other-run", false)) {
      RunLock.HeldException refused =
          assertThrows(RunLock.HeldException.class, () -> upgrade(overrides("1,100%", "5", "0", null, "batch")));
      assertTrue(refused.getMessage().contains("another fleet run holds the lock: run other-run"), refused.getMessage());
      assertEquals(before, digests(), "nothing was touched");
    }
    Files.writeString(
        stateDir.resolve("lock"),
        "{\"user\":\"ci\",\"pid\":999999999,\"pidStarted\":\"x\",\"machine\":\""
            + java.net.InetAddress.getLocalHost().getHostName()
            + "\",\"started\":\"2026-01-01T00:00:00Z\",\"run\":\"dead-run\"}");
    RunLock.HeldException stale =
        assertThrows(RunLock.HeldException.class, () -> RunLock.acquire(stateDir, "next", false));
    assertTrue(stale.stale(), stale.getMessage());
    assertTrue(stale.getMessage().contains("stale lock"), stale.getMessage());
    RunLock.acquire(stateDir, "next", true).close();
  }

  private RunController.Outcome upgrade(UpgradeOverrides overrides) throws Exception {
    try (SshConnector connector = NginxSsh.connector()) {
      return controller(connector)
          .upgrade(new RunController.Request(fleet.inventoryFile(), overrides, null, false), plan -> true);
    }
  }

  private RunController.Outcome resume() throws Exception {
    try (SshConnector connector = NginxSsh.connector()) {
      return controller(connector).resume(fleet.inventoryFile(), Optional.empty(), false, plan -> true);
    }
  }

  private static RunController controller(SshConnector connector) {
    return new RunController(connector, new RolloutListener() {});
  }

  private UpgradeOverrides overrides(String batches, String parallel, String maxFailures, String pause, String rollback) {
    return UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString()).with(UpgradeSetting.BATCHES, batches).with(UpgradeSetting.PARALLEL, parallel).with(UpgradeSetting.MAX_FAILURES, maxFailures).with(UpgradeSetting.PAUSE, pause).with(UpgradeSetting.SOAK, "0s").with(UpgradeSetting.ROLLBACK, rollback);
  }

  private void breakConfig(String name) {
    SandboxHost host = fleet.host(name);
    host.exec("sh", "-c", "cp /etc/nginx/nginx.conf /etc/nginx/nginx.conf.good && echo 'broken directive;' >> /etc/nginx/nginx.conf");
    broken.add(host);
  }

  private static Map<String, String> digests() {
    Map<String, String> digests = new HashMap<>();
    fleet.hosts().forEach(h -> digests.put(h.name(), runningDigest(h)));
    return digests;
  }

  private static void deleteRunState() throws Exception {
    Path state = RunDirectory.beside(fleet.inventoryFile()).stateDir();
    if (Files.exists(state)) {
      try (var files = Files.walk(state)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
