package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static dev.fleet.testing.HostFacts.runningDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.CommandResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A step added before the drain (test-only: {@link GateStep}) is one class and one line, and every
 * way back and every recovery still ends safe, because they go by phase, not by position.
 */
@RealFleetTest
class AddedStepTest {

  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(1);

  private final FaultHarness harness = new FaultHarness(fleet);

  @Test
  void aFailingAddedStepTakesItsOwnWayBackAndEveryEarlierOne() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);
    GateStep gate = new GateStep("the load balancer says no");

    FaultHarness.Run run = harness.upgrade(harness.host(UnaryOperator.identity()), procedure(gate, new Events()), binary("gate-fails"), TIMEOUTS);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertEquals("gate", run.outcome().step());
    assertEquals(List.of(box.name()), gate.undone);
    assertSafe(box, before, run, "added step fails");
  }

  @Test
  void aConnectionCutAtTheAddedStepIsRecoveredForward() throws Exception {
    SandboxHost box = harness.sandboxHost();
    Path binary = binary("gate-cut");
    Events events = new Events().cutAt(box, "step gate");

    FaultHarness.Run run =
        harness.upgrade(harness.host(UnaryOperator.identity()), procedure(new GateStep(null), events), binary, TIMEOUTS);

    assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome() + " " + events.seen);
    assertTrue(events.seen.contains("observed both-up"), events.seen.toString());
    assertSafe(box, NewBinary.of(binary).sha256(), run, "connection cut at the added step");
  }

  @Test
  void aConnectionCutWhileUndoingPastTheAddedStepIsRecoveredBackThroughIt() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);
    GateStep gate = new GateStep("the canary judge says no");
    Events events = new Events().cutAt(box, "undo start-new-master");

    FaultHarness.Run run = harness.upgrade(harness.host(UnaryOperator.identity()), procedure(gate, events), binary("gate-undo-cut"), TIMEOUTS);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome() + " " + events.seen);
    assertTrue(events.seen.contains("observed both-up"), events.seen.toString());
    assertEquals(List.of(box.name(), box.name()), gate.undone, "its way back, before the cut and in recovery");
    assertSafe(box, before, run, "connection cut while undoing past the added step");
  }

  private static HostUpgrade procedure(GateStep gate, Events events) {
    return new HostUpgrade(GateStep.procedureWith(gate), events);
  }

  private Path binary(String marker) throws Exception {
    return NginxBinaries.changedCopy(fleet.sandbox().dir().resolve("nginx-" + marker + "-" + System.nanoTime()), marker);
  }

  /** Records steps, ways back and observed states; cuts every ssh login of a host once, at one event. */
  private static final class Events implements StepObserver {
    final List<String> seen = new CopyOnWriteArrayList<>();
    private SandboxHost box;
    private String cutAt;

    Events cutAt(SandboxHost host, String event) {
      this.box = host;
      this.cutAt = event;
      return this;
    }

    private void saw(String event) {
      seen.add(event);
      if (event.equals(cutAt)) {
        cutAt = null;
        // Every sshd process serving a login on this host, not its listener (pid 1).
        CommandResult killed = box.exec("pkill", "-KILL", "-f", "^sshd: root");
        assertTrue(killed.ok(), "no ssh session to cut: " + killed.stderr());
      }
    }

    @Override
    public void stepStarted(String host, String step) {
      saw("step " + step);
    }

    @Override
    public void undoStarted(String host, String step) {
      saw("undo " + step);
    }

    @Override
    public void stateObserved(String host, HostState state, String evidence) {
      saw("observed " + state.label());
    }
  }
}
