package dev.fleet.rollout;

import static dev.fleet.testing.HostFacts.exists;
import static dev.fleet.testing.HostFacts.memoVersion;
import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static dev.fleet.testing.HostFacts.soleMaster;
import static dev.fleet.testing.HostFacts.workersOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.RollbackPolicy;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.nginx.NginxSsh;
import dev.fleet.nginx.UpgradeOutcome.Status;
import dev.fleet.nginx.lock.HostLock;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.sandbox.HttpLoad;
import dev.fleet.sandbox.HttpLoadStats;
import dev.fleet.sandbox.LoadWatch;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole upgrade against real OpenSSH and nginx hosts, under HTTP load. */
@RealFleetTest
class RealFleetUpgradeTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(3);

  @RegisterExtension static final RealFleet sudoFleet = RealFleet.withHosts(2).asDeployWithSudo();

  /** Every wait here ends on what the host shows; these only fail a hang (the soak is no deadline). */
  private static final UpgradeTimeouts TIMEOUTS =
      new UpgradeTimeouts(Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMillis(300));

  @Test
  void everyHostEndsOnTheNewBinaryAndNoRequestFails() throws Exception {
    assertUpgradesCleanly(fleet, "root-" + System.nanoTime());
  }

  @Test
  void aNonRootUserUpgradesThroughSudo() throws Exception {
    assertUpgradesCleanly(sudoFleet, "sudo-" + System.nanoTime());
  }

  @Test
  void aBinaryThatCannotStartIsRolledBackAndHaltsTheRollout() throws Exception {
    // Passes `nginx -t` but exits at start: only USR2 reveals it (nginx restores the pid file).
    Path broken =
        NginxBinaries.shellWrapper(
            fleet.sandbox().dir().resolve("nginx-exits-" + System.nanoTime()),
            "case \" $* \" in *' -T '*) exit 0 ;; esac\necho 'broken build' >&2\nexit 1");
    Map<String, Long> mastersBefore = masters(fleet);
    Map<String, String> digestsBefore = digests(fleet);

    HttpLoad load = new HttpLoad(fleet.sandbox().healthUrls()).start();
    RolloutResult result = run(fleet, broken);
    HttpLoadStats stats = load.stop();

    assertEquals(Status.ROLLED_BACK, result.outcomes().get(0).status(), result.toString());
    assertEquals("start-new-master", result.outcomes().get(0).step());
    assertEquals(1, result.outcomes().size(), "the rollout halts at the first failure");
    assertEquals(List.of("web2", "web3"), result.notReached());
    assertEquals(mastersBefore, masters(fleet), "every host keeps its old master");
    assertEquals(digestsBefore, digests(fleet), "every binary on disk is what its master runs");
    for (SandboxHost host : fleet.hosts()) {
      assertEquals(runningDigest(host), sha256(host, "/usr/sbin/nginx"), host.name());
      assertEquals(2, workersOf(host, soleMaster(host)), host.name() + " workers");
    }
    assertEquals(0, stats.failed(), stats.toString());
  }

  private static void assertUpgradesCleanly(RealFleet target, String marker) throws Exception {
    Path newBinary = NginxBinaries.changedCopy(target.sandbox().dir().resolve("nginx-" + marker), marker);
    String newDigest = NewBinary.of(newBinary).sha256();
    Map<String, Long> oldMasters = masters(target);
    Map<String, String> oldDigests = digests(target);

    HttpLoad load = new HttpLoad(target.sandbox().healthUrls()).start();
    // The probe covers the whole rollout: every host answered it before, and it sent to every
    // host again after, so "no request failed" speaks for the whole upgrade, not a part of it.
    LoadWatch.awaitEveryUrl(load, (url, sofar) -> sofar.ok() > 0, "every host answering before the rollout");
    RolloutResult result = run(target, newBinary);
    LoadWatch.awaitEveryUrlSentSince(load, LoadWatch.sofar(load));
    HttpLoadStats stats = load.stop();

    assertTrue(result.allSucceeded(), result.toString());
    assertEquals(target.hosts().size(), result.count(Status.UPGRADED));
    for (SandboxHost host : target.hosts()) {
      long master = soleMaster(host);
      assertNotEquals(oldMasters.get(host.name()), master, host.name() + ": still the old master");
      assertEquals(newDigest, sha256(host, "/proc/" + master + "/exe"), host.name() + ": running binary");
      assertEquals(newDigest, sha256(host, "/usr/sbin/nginx"), host.name() + ": binary on disk");
      assertEquals(oldDigests.get(host.name()), sha256(host, "/usr/sbin/nginx.fleet-backup"), host.name() + ": backup");
      assertEquals(2, workersOf(host, master), host.name() + ": workers");
      assertTrue(!exists(host, "/usr/sbin/.nginx.fleet-new"), host.name() + ": staged file left behind");
      assertEquals(
          identity(host, "/usr/sbin/nginx") + " " + newDigest + " " + memoVersion(versionLine(host, "/usr/sbin/nginx")),
          memo(host),
          host.name() + ": digest memo");
    }
    assertEquals(0, stats.failed(), "requests failed during the upgrade: " + stats);
    System.out.printf("%s: %d hosts upgraded, %d HTTP requests, %d failed%n", marker, target.hosts().size(), stats.sent(), stats.failed());
  }

  /** How the digest memo names a file: its device, inode, size and ctime (stage.sh). */
  private static String identity(SandboxHost host, String path) {
    CommandResult r = host.exec("stat", "-L", "-c", "%d:%i:%s:%.9Z", "--", path);
    assertTrue(r.ok(), host.name() + ": " + r.stderr());
    return r.stdout().strip();
  }

  /** What the binary says of itself, first line of nginx -v. */
  private static String versionLine(SandboxHost host, String binary) {
    CommandResult r = host.exec(binary, "-v");
    assertTrue(r.ok(), host.name() + ": " + r.stderr());
    return r.stderr().lines().findFirst().orElse("");
  }

  private static String memo(SandboxHost host) {
    CommandResult r = host.exec("cat", BinaryPaths.digestMemoOf("/usr/sbin/nginx"));
    assertTrue(r.ok(), host.name() + ": no digest memo: " + r.stderr());
    return r.stdout().strip();
  }

  private static RolloutResult run(RealFleet target, Path binary) throws Exception {
    UpgradeOverrides overrides =
        UpgradeOverrides.none().with(UpgradeSetting.BINARY, binary.toString());
    Inventory inventory = InventoryLoader.standard().load(target.inventoryFile(), overrides);
    RolloutPolicy policy =
        new RolloutPolicy(TIMEOUTS, 1, new FailureBudget(0, true), Duration.ZERO, false, RollbackPolicy.HOST);
    try (SshConnector connector = NginxSsh.connector()) {
      HostLock.Owner owner = Controller.owner("test-" + System.nanoTime());
      HostProcedure upgrade = HostProcedure.upgrade(NewBinary.of(inventory.upgrade().binary()), TIMEOUTS, owner);
      return new Rollout(connector, policy, RolloutListenerNone.INSTANCE, upgrade, HostProcedure.rollback(TIMEOUTS, owner))
          .run(BatchPlan.split(inventory.hosts(), inventory.upgrade().batchSizes()));
    }
  }

  private static Map<String, Long> masters(RealFleet target) {
    Map<String, Long> masters = new HashMap<>();
    target.hosts().forEach(h -> masters.put(h.name(), soleMaster(h)));
    return masters;
  }

  private static Map<String, String> digests(RealFleet target) {
    Map<String, String> digests = new HashMap<>();
    target.hosts().forEach(h -> digests.put(h.name(), runningDigest(h)));
    return digests;
  }

  private enum RolloutListenerNone implements RolloutListener {
    INSTANCE
  }
}
