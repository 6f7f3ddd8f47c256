package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static dev.fleet.testing.HostFacts.exists;
import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** After a commit, {@code fleet rollback} is the same on-the-fly upgrade, back to the backup. */
@RealFleetTest
class RollbackTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(1);

  private final FaultHarness harness = new FaultHarness(fleet);

  @Test
  void aCommittedUpgradeIsRolledBackToTheBackupAndAgainForward() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String original = runningDigest(box);
    assertTrue(!exists(box, "/usr/sbin/nginx.fleet-backup"), "a fresh host has no backup");
    FaultHarness.Run refused = rollback();
    assertEquals(UpgradeOutcome.Status.REFUSED, refused.outcome().status());
    assertTrue(refused.outcome().reason().contains("no /usr/sbin/nginx.fleet-backup to roll back to"), refused.outcome().reason());

    Path binary = NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-rollback"), "rollback");
    String upgraded = NewBinary.of(binary).sha256();
    assertEquals(UpgradeOutcome.Status.UPGRADED, harness.upgrade(binary, TIMEOUTS, StepObserver.NONE).outcome().status());

    FaultHarness.Run back = rollback();

    assertEquals(UpgradeOutcome.Status.UPGRADED, back.outcome().status(), back.outcome().toString());
    assertSafe(box, original, back, "rollback after commit");
    assertEquals(upgraded, sha256(box, "/usr/sbin/nginx.fleet-backup"), "the binary rolled back from is kept");

    FaultHarness.Run forward = rollback();

    assertEquals(UpgradeOutcome.Status.UPGRADED, forward.outcome().status(), forward.outcome().toString());
    assertSafe(box, upgraded, forward, "second rollback swaps back");
    assertEquals(original, sha256(box, "/usr/sbin/nginx.fleet-backup"));
  }

  private FaultHarness.Run rollback() throws Exception {
    Host host = harness.host(UnaryOperator.identity());
    return harness.underLoad(
        () -> {
          try (SshConnector connector = NginxSsh.connector()) {
            return HostUpgrade.rollback(StepObserver.NONE).connectAndRun(connector, host, null, TIMEOUTS);
          }
        });
  }
}
