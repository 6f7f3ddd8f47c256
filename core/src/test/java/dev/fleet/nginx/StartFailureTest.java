package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static dev.fleet.testing.HostFacts.runningDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** New binaries that never become a working master: the host ends where it began. */
@RealFleetTest
class StartFailureTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(1);

  private final FaultHarness harness = new FaultHarness(fleet);

  /** Answers the config test and -v like nginx, so only USR2 reveals what it does. */
  private static final String PASSES_CHECKS = "case \" $* \" in *' -T '* | *' -v '*) exit 0 ;; esac\n";

  @Test
  void aBinaryThatCannotExecIsCaughtByTheConfigTestBeforeAnySignal() throws Exception {
    Path bad = NginxBinaries.shellWrapper(fleet.sandbox().dir().resolve("nginx-noexec"), "exit 0");
    java.nio.file.Files.writeString(bad, "#!/nonexistent/interpreter\n");
    SandboxHost host = harness.sandboxHost();
    String before = runningDigest(host);
    long master = dev.fleet.testing.HostFacts.soleMaster(host);

    FaultHarness.Run run = harness.upgrade(bad, TIMEOUTS, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("stage", run.outcome().step());
    assertTrue(run.outcome().reason().contains("nginx -t failed"), run.outcome().reason());
    assertEquals(master, dev.fleet.testing.HostFacts.soleMaster(host), "never signalled");
    assertSafe(host, before, run, "cannot exec");
  }

  @Test
  void aNewMasterHungAtStartWithSignalsIgnoredIsKilledWithEverythingItStarted() throws Exception {
    Path hung =
        NginxBinaries.shellWrapper(
            fleet.sandbox().dir().resolve("nginx-hangs"),
            PASSES_CHECKS + "trap '' TERM QUIT HUP USR2 WINCH\nsleep 600\n");
    SandboxHost host = harness.sandboxHost();
    String before = runningDigest(host);
    long started = System.nanoTime();
    // The deadlines are the subject here: the start one must expire (the wrapper never comes up),
    // then QUIT and TERM each get the quit one before KILL. Short, so the test takes seconds; the
    // quit one is still far beyond what reaping the killed wrapper takes on a busy machine.
    UpgradeTimeouts hungDeadlines =
        new UpgradeTimeouts(Duration.ofSeconds(5), TIMEOUTS.drain(), Duration.ofSeconds(5), TIMEOUTS.soak());

    FaultHarness.Run run = harness.upgrade(hung, hungDeadlines, StepObserver.NONE);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("start-new-master", run.outcome().step());
    assertTrue(run.outcome().reason().contains("did not come up"), run.outcome().reason());
    assertSafe(host, before, run, "hangs at start");
    assertEquals(
        "",
        host.exec("pgrep", "-a", "sleep").stdout().strip(),
        "the hung wrapper's children must not outlive it (they hold the inherited listen sockets)");
    System.out.printf("hangs at start: back in %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }
}
