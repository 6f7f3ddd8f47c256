package dev.fleet.nginx;

import static dev.fleet.nginx.FaultHarness.TIMEOUTS;
import static dev.fleet.nginx.FaultHarness.assertSafe;
import static dev.fleet.testing.HostFacts.runningDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.sandbox.NginxBinaries;
import dev.fleet.sandbox.SandboxHost;
import dev.fleet.testing.RealFleet;
import dev.fleet.testing.RealFleetTest;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.ssh.SshConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Upgrades interrupted half-way: a connection cut between USR2 and QUIT, and hosts left with two
 * masters by a run that died, brought to a safe state from what the host shows.
 */
@RealFleetTest
class ReconnectTest {
  /** Polls for test setup and clean-up only fail a hang; a busy machine may take its time. */
  private static final Duration HANG = Duration.ofMinutes(2);


  @RegisterExtension static final RealFleet fleet = RealFleet.withHosts(1);

  private final FaultHarness harness = new FaultHarness(fleet);

  @Test
  void aConnectionKilledBetweenUsr2AndQuitIsReopenedAndTheUpgradeFinishes() throws Exception {
    SandboxHost box = harness.sandboxHost();
    Path binary = harness.newBinary("cut");
    List<String> events = new ArrayList<>();
    StepObserver cutTheConnection =
        new StepObserver() {
          boolean cut;

          @Override
          public void stepStarted(String host, String step) {
            events.add(step);
            if (step.equals("drain-old-workers") && !cut) {
              cut = true;
              // Every sshd process serving a login on this host, not its listener (pid 1).
              CommandResult killed = box.exec("pkill", "-KILL", "-f", "^sshd: root");
              assertTrue(killed.ok(), "no ssh session to cut: " + killed.stderr());
            }
          }

          @Override
          public void stateObserved(String host, HostState state, String evidence) {
            events.add("observed " + state.label());
          }
        };

    FaultHarness.Run run = harness.upgrade(binary, TIMEOUTS, cutTheConnection);

    assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome() + " " + events);
    assertTrue(events.contains("reconnect") && events.contains("observed both-up"), events.toString());
    assertSafe(box, NewBinary.of(binary).sha256(), run, "connection cut after USR2");
  }

  @Test
  void aConnectionKilledWhileRollingBackIsReopenedAndTheRollbackFinishes() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);
    // Answers the config test, then exits at start: the way back begins at start-new-master.
    Path broken =
        NginxBinaries.shellWrapper(
            fleet.sandbox().dir().resolve("nginx-exits-" + System.nanoTime()),
            "case \" $* \" in *' -T '* | *' -v '*) exit 0 ;; esac\nexit 1");
    List<String> events = new ArrayList<>();
    StepObserver cutWhileUndoing =
        new StepObserver() {
          boolean cut;

          @Override
          public void undoStarted(String host, String step) {
            events.add("undo " + step);
            if (step.equals("stage") && !cut) {
              cut = true;
              box.exec("pkill", "-KILL", "-f", "^sshd: root");
            }
          }

          @Override
          public void stateObserved(String host, HostState state, String evidence) {
            events.add("observed " + state.label());
          }
        };

    FaultHarness.Run run = harness.upgrade(broken, TIMEOUTS, cutWhileUndoing);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome() + " " + events);
    assertTrue(events.contains("observed staged"), events.toString());
    assertSafe(box, before, run, "connection cut while rolling back");
  }

  @Test
  void aHostLeftWithBothMastersByADeadRunIsFinishedByRecovery() throws Exception {
    SandboxHost box = harness.sandboxHost();
    Path binary = harness.newBinary("resume");
    leaveHalfWay(box, binary, false);

    FaultHarness.Run run = recover(binary, HostRecovery.Goal.FINISH_OR_ROLL_BACK);

    assertEquals(UpgradeOutcome.Status.UPGRADED, run.outcome().status(), run.outcome().toString());
    assertSafe(box, NewBinary.of(binary).sha256(), run, "recovery finishes");
  }

  @Test
  void aDrainingHostIsRolledBackByRecoveryWhenAskedTo() throws Exception {
    SandboxHost box = harness.sandboxHost();
    String before = runningDigest(box);
    Path binary = harness.newBinary("resume-back");
    leaveHalfWay(box, binary, true);

    FaultHarness.Run run = recover(binary, HostRecovery.Goal.ROLL_BACK);

    assertEquals(UpgradeOutcome.Status.ROLLED_BACK, run.outcome().status(), run.outcome().toString());
    assertSafe(box, before, run, "recovery rolls back");
  }

  private FaultHarness.Run recover(Path binary, HostRecovery.Goal goal) throws Exception {
    Host host = harness.host(UnaryOperator.identity());
    NewBinary newBinary = NewBinary.of(binary);
    return harness.underLoad(
        () -> {
          try (SshConnector connector = NginxSsh.connector()) {
            return new HostRecovery(StepObserver.NONE).bringToSafeState(connector, host, newBinary, TIMEOUTS, goal);
          }
        });
  }

  /** What a run that died after USR2 (and WINCH) leaves: staged binary, backup, two masters. */
  private static void leaveHalfWay(SandboxHost box, Path binary, boolean winch) throws Exception {
    Files.copy(binary, box.dir().resolve("fs/tmp/nginx-new"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    sh(box, "cp -p /tmp/nginx-new /usr/sbin/.nginx.fleet-new && ln -f /usr/sbin/nginx /usr/sbin/nginx.fleet-backup"
        + " && mv /usr/sbin/.nginx.fleet-new /usr/sbin/nginx && kill -USR2 $(cat /run/nginx.pid)");
    await(box, "test -s /run/nginx.pid.oldbin && [ $(pgrep -c -P $(cat /run/nginx.pid) -f '^nginx: worker process$') = 2 ]");
    if (winch) {
      sh(box, "kill -WINCH $(cat /run/nginx.pid.oldbin)");
      await(box, "! pgrep -P $(cat /run/nginx.pid.oldbin) -f '^nginx: worker'");
    }
  }

  private static void sh(SandboxHost box, String script) {
    CommandResult r = box.exec("sh", "-c", script);
    assertTrue(r.ok(), script + ": " + r.stderr());
  }

  private static void await(SandboxHost box, String condition) throws Exception {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (!box.exec("sh", "-c", condition).ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + condition);
      }
      Thread.sleep(50);
    }
  }
}
