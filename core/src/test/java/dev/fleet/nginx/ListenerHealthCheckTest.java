package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.soleMaster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.Connection;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet set up unlike the default sandbox's inventory: nginx listens only on each host's own
 * address (at 80, and at 443 with TLS), and the inventory names no health_url, as a first one
 * would. verify must ask what the old master served and expect the same answers.
 */
@RealFleetTest
class ListenerHealthCheckTest {

  @RegisterExtension
  static final RealFleet fleet = RealFleet.withHosts(1).with(spec -> spec.withoutHealthUrl().withTlsListener());

  /** The load asks /load, which every configuration here answers 200: the faults are on "/". */
  private final FaultHarness harness = new FaultHarness(fleet).withLoadOn("/load");
  private NginxConfEdit conf;
  /** Whether a test had the master load an edited configuration, which must then be undone. */
  private boolean reloaded;

  @BeforeEach
  void keepConfig() throws Exception {
    conf = NginxConfEdit.keep(harness.sandboxHost());
  }

  /** Puts the configuration back on disk and, where a test had the master load another, in it too. */
  @AfterEach
  void restoreConfig() throws Exception {
    conf.restore();
    if (reloaded) {
      reload(harness.sandboxHost());
    }
  }

  @Test
  void theHostServesOnlyItsOwnAddressAndTheInventoryNamesNoHealthUrl() throws Exception {
    SandboxHost box = harness.sandboxHost();
    assertNull(harness.host(UnaryOperator.identity()).nginx().healthUrl());
    assertEquals("000", curl(box, "http://127.0.0.1/"), "the URL an inventory without health_url used to ask");
    assertEquals("200", curl(box, "http://" + box.address() + "/"));
    assertEquals("200", curl(box, "https://" + box.address() + "/"));
  }

  @Test
  void preflightAsksEachAddressTheMasterListensOnOverHttpOrHttps() throws Exception {
    String health = preflight().health();
    String address = harness.sandboxHost().address();
    assertTrue(health.contains("http://" + address + ":80/ answered 200"), health);
    assertTrue(health.contains("https://" + address + ":443/ answered 200"), health);
    assertFalse(health.contains("127.0.0.1"), health);
  }

  @Test
  void aHealthyHostIsUpgradedWithoutAHealthUrl() throws Exception {
    Path binary = harness.newBinary("healthy");

    FaultHarness.Run run = harness.upgrade(binary, TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome().toString());
    assertSafe(harness.sandboxHost(), NewBinary.of(binary).sha256(), run, "no health_url, healthy");
  }

  /** As in production when nginx.conf was edited since the old master loaded it. */
  @Test
  void aNewMasterWhoseConfigurationAnswers500IsRolledBackAtVerify() throws Exception {
    conf.replaceFirst("location / {", "location = / { return 500; }\n    location / {");
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);

    FaultHarness.Run run = harness.upgrade(harness.newBinary("answers-500"), TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("verify", run.outcome().step());
    assertTrue(
        run.outcome().reason().matches(
            "health check https?://" + box.address().replace(".", "\\.") + ":(80|443)/ answered 500,"
                + " before the upgrade it answered 200"),
        run.outcome().reason());
    assertSafe(box, before, run, "new configuration answers 500");
  }

  @Test
  void a404BeforeAndAfterPasses() throws Exception {
    conf.replaceFirst("location / {", "location = / { return 404; }\n    location / {");
    reload(harness.sandboxHost());
    reloaded = true;
    assertTrue(preflight().health().contains(":80/ answered 404"), preflight().health());
    Path binary = harness.newBinary("404");

    FaultHarness.Run run = harness.upgrade(binary, TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome().toString());
    assertSafe(harness.sandboxHost(), NewBinary.of(binary).sha256(), run, "404 before and after");
  }

  private HostInspection.Verdict preflight() throws Exception {
    Host host = harness.host(UnaryOperator.identity());
    try (SshConnector connector = NginxSsh.connector();
        Connection connection = connector.connect(host)) {
      HostInspection.Verdict verdict = HostInspection.preflight(host, connection, NewBinary.of(harness.newBinary("plan")));
      assertEquals(HostInspection.Verdict.Kind.READY, verdict.kind(), verdict.toString());
      return verdict;
    }
  }

  /** What {@code url} answers from inside the host, certificates not checked. */
  private static String curl(SandboxHost box, String url) {
    return box.exec("curl", "-k", "-s", "-o", "/dev/null", "-m", "5", "-w", "%{http_code}", url).stdout().strip();
  }

  /** Test setup, not fleet's work: the master loads the configuration on disk (HUP). */
  private static void reload(SandboxHost box) throws Exception {
    long master = soleMaster(box);
    java.util.Set<String> workers = java.util.Set.copyOf(box.exec("pgrep", "-P", Long.toString(master)).stdout().lines().toList());
    assertTrue(box.exec("kill", "-HUP", Long.toString(master)).ok());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String now = box.exec("pgrep", "-P", Long.toString(master), "-f", "^nginx: worker process$").stdout();
      if (now.lines().count() == 2 && now.lines().noneMatch(workers::contains)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the master did not reload its configuration");
  }
}
