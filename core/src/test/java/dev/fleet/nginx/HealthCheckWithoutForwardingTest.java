package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.NginxSettings;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.sandbox.SandboxSpec;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A host whose sshd opens no TCP connection for fleet ({@code AllowTcpForwarding no}, as
 * hardened hosts set it): fleet cannot ask the health URL over the SSH connection, so the host's
 * curl asks it, in preflight and in verify, and the check still decides.
 */
@RealFleetTest
class HealthCheckWithoutForwardingTest {
  @RegisterExtension
  static final RealFleet fleet = RealFleet.withHosts(1).with(SandboxSpec::withoutTcpForwarding);

  private final FaultHarness harness = new FaultHarness(fleet);
  private NginxConfEdit conf;

  @BeforeEach
  void keepConfig() throws Exception {
    conf = NginxConfEdit.keep(harness.sandboxHost());
  }

  @AfterEach
  void restoreConfig() throws Exception {
    conf.restore();
  }

  @Test
  void theHostAsksAndAHealthyNewMasterIsCommitted() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);

    FaultHarness.Run run = harness.upgrade(harness.newBinary("healthy"), TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome().toString());
    assertNotEquals(before, runningDigest(box));
    assertEquals(sha256(box, "/usr/sbin/nginx"), runningDigest(box), "the file on disk is what runs");
    assertEquals(0, run.load().failed(), "requests failed during the upgrade");
  }

  @Test
  void theHostAsksAndAFailingHealthUrlIsRolledBack() throws Exception {
    conf.replaceFirst("location / {", "location = /health { return 500; }\n    location / {");
    Host host = harness.host(n -> new NginxSettings(n.binary(), n.pidFile(), n.errorLog(), n.healthUrl() + "health", 200));
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);

    FaultHarness.Run run = harness.upgrade(host, harness.newBinary("unhealthy"), TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("verify", run.outcome().step());
    assertTrue(run.outcome().reason().contains("answered 500, expected 200"), run.outcome().reason());
    assertSafe(box, before, run, "health URL fails, asked by the host");
  }
}
