package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static dev.fleet.testing.HostFacts.runningDigest;
import static dev.fleet.testing.HostFacts.soleMaster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.NginxSettings;
import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * New masters that start but must not be committed, and old workers that do not drain. The new
 * binary is a real nginx; what breaks it is the configuration it reads at start, as in production
 * when nginx.conf was edited since the old master loaded it.
 */
@RealFleetTest
class VerifyFailureTest {
  /** Polls for test setup and clean-up only fail a hang; a busy machine may take its time. */
  private static final Duration HANG = Duration.ofMinutes(2);


  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(1);

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
  void aNewMasterWhoseHealthUrlFailsIsRolledBack() throws Exception {
    // Only /health breaks, so the load on / tells whether any real request failed.
    conf.replaceFirst("location / {", "location = /health { return 500; }\n    location / {");
    Host host = harness.host(n -> new NginxSettings(n.binary(), n.pidFile(), n.errorLog(), n.healthUrl() + "health", 200));
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);

    FaultHarness.Run run = harness.upgrade(host, harness.newBinary("health"), TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("verify", run.outcome().step());
    assertTrue(run.outcome().reason().contains("answered 500, expected 200"), run.outcome().reason());
    assertSafe(box, before, run, "health URL fails");
  }

  @Test
  void aNewMasterThatLogsAnAlertIsRolledBack() throws Exception {
    // Workers log "[alert] setrlimit(RLIMIT_NOFILE, ...) failed" above fs.nr_open, and run on.
    conf.replaceFirst("worker_processes", "worker_rlimit_nofile 2000000;\nworker_processes");
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);

    FaultHarness.Run run = harness.upgrade(harness.newBinary("alert"), TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("verify", run.outcome().step());
    assertTrue(run.outcome().reason().contains("[alert]"), run.outcome().reason());
    assertSafe(box, before, run, "logs [alert]");
  }

  @Test
  void oldWorkersBusyPastTheDrainTimeoutRollTheHostBack() throws Exception {
    SandboxHost box = harness.sandboxHost();
    int upstreamPort = 8181;
    conf.replaceFirst(
        "location / {",
        "location /slow { proxy_pass http://" + box.address() + ":" + upstreamPort + "; proxy_read_timeout 120s; }\n    location / {");
    reloadOldMaster(box);
    String before = runningDigest(box);
    UpgradeTimeouts drainOneSecond =
        new UpgradeTimeouts(TIMEOUTS.start(), Duration.ofSeconds(1), TIMEOUTS.quit(), TIMEOUTS.soak());

    FaultHarness.Run run;
    try (ServerSocket upstream = new ServerSocket()) {
      upstream.bind(new InetSocketAddress(box.address(), upstreamPort));
      try (Socket client = new Socket(box.address(), 80)) {
        OutputStream out = client.getOutputStream();
        out.write(("GET /slow HTTP/1.1\r\nHost: " + box.address() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // An old worker now waits on an upstream that never answers: a long poll, in effect.
        try (Socket held = upstream.accept()) {
          run = harness.upgrade(harness.newBinary("drain"), drainOneSecond, StepObserver.NONE);
        }
        client.getInputStream().readAllBytes(); // the held request ends with a 502; the worker may exit
      }
    }
    awaitOnlyActiveWorkers(box);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("drain-old-workers", run.outcome().step());
    assertTrue(run.outcome().reason().contains("old workers still running after drain_timeout"), run.outcome().reason());
    assertSafe(box, before, run, "drain timeout");
  }

  /** Test setup, not fleet's work: the old master loads the config with the slow location. */
  private static void reloadOldMaster(SandboxHost box) throws Exception {
    long master = soleMaster(box);
    String workers = box.exec("pgrep", "-P", Long.toString(master)).stdout();
    assertTrue(box.exec("kill", "-HUP", Long.toString(master)).ok());
    long deadline = System.nanoTime() + HANG.toNanos();
    while (System.nanoTime() < deadline) {
      String now = box.exec("pgrep", "-P", Long.toString(master), "-f", "^nginx: worker process$").stdout();
      if (now.lines().count() == 2 && now.lines().noneMatch(workers::contains)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the old master did not reload its configuration");
  }

  private static void awaitOnlyActiveWorkers(SandboxHost box) throws Exception {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (box.exec("pgrep", "-f", "shutting down").ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("a worker still finishes its connections: " + box.exec("ps", "-ef").stdout());
      }
      Thread.sleep(50);
    }
  }
}
