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
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.sandbox.SandboxSpec;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private Path conf;
  private String originalConf;

  @BeforeEach
  void keepConfig() throws Exception {
    conf = harness.sandboxHost().dir().resolve("fs/etc/nginx/nginx.conf");
    originalConf = Files.readString(conf);
  }

  @AfterEach
  void restoreConfig() throws Exception {
    Files.writeString(conf, originalConf);
  }

  @Test
  void theHostAsksAndAHealthyNewMasterIsCommitted() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);

    FaultHarness.Run run = harness.upgrade(newBinary("healthy"), TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome().toString());
    assertNotEquals(before, runningDigest(box));
    assertEquals(sha256(box, "/usr/sbin/nginx"), runningDigest(box), "the file on disk is what runs");
    assertEquals(0, run.load().failed(), "requests failed during the upgrade");
  }

  @Test
  void theHostAsksAndAFailingHealthUrlIsRolledBack() throws Exception {
    String edited = originalConf.replaceFirst(
        Pattern.quote("location / {"), Matcher.quoteReplacement("location = /health { return 500; }\n    location / {"));
    assertTrue(!edited.equals(originalConf), "no location / in nginx.conf");
    Files.writeString(conf, edited);
    Host host = harness.host(n -> new NginxSettings(n.binary(), n.pidFile(), n.errorLog(), n.healthUrl() + "health", 200));
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);

    FaultHarness.Run run = harness.upgrade(host, newBinary("unhealthy"), TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("verify", run.outcome().step());
    assertTrue(run.outcome().reason().contains("answered 500, expected 200"), run.outcome().reason());
    assertSafe(box, before, run, "health URL fails, asked by the host");
  }

  private Path newBinary(String marker) throws Exception {
    return NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + marker + "-" + System.nanoTime()), marker);
  }
}
