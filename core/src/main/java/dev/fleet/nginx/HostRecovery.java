package dev.fleet.nginx;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.probe.HostView;
import dev.fleet.nginx.probe.NginxSnapshot;
import dev.fleet.nginx.probe.Poll;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.step.HostSession;
import dev.fleet.nginx.step.Learned;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.nginx.step.Unchecked;
import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.util.Optional;

/**
 * Brings a host that an upgrade left half-way to a safe state, judging only by what the host
 * shows now ({@link HostView}): it finishes the upgrade when the new master is up and passes
 * verification, and otherwise takes the host back to its old master and binary. The old master
 * is found on the host itself (the parent of the new one, whose pid .oldbin holds), so nothing from
 * the interrupted run is needed: {@link RecoveredFacts} builds from what the host shows the same
 * values the steps hand each other ({@link Preflighted}, {@link Staged}, {@link Forked}), and the
 * procedure's own steps continue or undo with them.
 *
 * <p>The entry point for {@code fleet resume}:
 *
 * <pre>{@code
 * UpgradeOutcome outcome =
 *     new HostRecovery(observer)
 *         .bringToSafeState(connector, host, NewBinary.of(path), timeouts, Goal.FINISH_OR_ROLL_BACK);
 * }</pre>
 *
 * What each observed state leads to:
 *
 * <table>
 *   <tr><td>COMMITTED</td><td>UPGRADED, nothing done</td></tr>
 *   <tr><td>RUNNING, STAGED</td><td>the binary file is made the running one again, a leftover
 *       upload removed: ROLLED_BACK (no new master was ever up, so nothing can be verified)</td></tr>
 *   <tr><td>FORKING</td><td>waited on for the start timeout, then judged again; a new master that
 *       never comes up is stopped (QUIT, TERM, KILL) and the binary restored</td></tr>
 *   <tr><td>BOTH_UP, DRAINING</td><td>FINISH_OR_ROLL_BACK: WINCH, verify, QUIT, or on any failure
 *       HUP old, stop new, restore the binary; ROLL_BACK: that way back at once</td></tr>
 *   <tr><td>anything else</td><td>NEEDS_ATTENTION with what was seen; nothing is signalled</td></tr>
 * </table>
 *
 * A resumed run cannot know where this upgrade's error log lines began: it checks for
 * [emerg]/[alert]/[crit] only from the moment it probed. Hosts mid-way through {@code fleet
 * rollback} recover with this same procedure; the binary restored is the one the old master runs.
 */
public final class HostRecovery {

  /** What to aim for when the new master is up. */
  public enum Goal {
    /** Verify the new master and commit it if every check passes, else roll back. */
    FINISH_OR_ROLL_BACK,
    /** Take the host back to its old master whatever the new one looks like. */
    ROLL_BACK
  }

  private static final String STEP = "recover";

  private final HostUpgrade procedure;
  private volatile HostState observed;

  public HostRecovery(StepObserver observer) {
    this(new HostUpgrade(observer));
  }

  HostRecovery(HostUpgrade procedure) {
    this.procedure = procedure;
  }

  /**
   * Recovers {@code host} over a connection that is closed afterwards; reconnects through
   * {@code connector} if it breaks again. Never throws for what the host shows: the outcome says.
   */
  public UpgradeOutcome bringToSafeState(
      Connector connector, Host host, NewBinary newBinary, UpgradeTimeouts timeouts, Goal goal)
      throws InterruptedException {
    return bringToSafeState(connector, host, newBinary, Optional.of(newBinary.sha256()), timeouts, goal, HostGuard.NONE);
  }

  /**
   * As above, for a procedure whose target is known only per host ({@code fleet rollback}
   * installs each host's own backup): {@code target} is the sha256 the interrupted run recorded
   * it was installing there, empty when it had recorded none (its stage had not finished).
   * Inside {@code guard}: a host another run holds is not touched and needs attention.
   */
  public UpgradeOutcome bringToSafeState(
      Connector connector,
      Host host,
      NewBinary newBinary,
      Optional<String> target,
      UpgradeTimeouts timeouts,
      Goal goal,
      HostGuard guard)
      throws InterruptedException {
    long started = System.nanoTime();
    try (Connection connection = connector.connect(host)) {
      HostSession session = new HostSession(host, connection, newBinary, timeouts).reconnectingWith(connector);
      Guarded guarded = new Guarded(guard, procedure.observer(), host.name());
      Optional<String> refusal = guarded.enter(connection);
      if (refusal.isPresent()) {
        return HostUpgrade.outcome(session, UpgradeOutcome.Status.NEEDS_ATTENTION, Guarded.ENTER, refusal.get(), started);
      }
      HostUpgrade.Ended ended;
      try {
        ended = continueFrom(session, goal, STEP, null, started, Unchecked.HOST, target);
      } finally {
        session.closeReopened();
      }
      guarded.leave(connector, connection, session, ended.outcome(), Guarded.change(ended.learned(), target));
      return ended.outcome();
    } catch (TransportException e) {
      return HostUpgrade.outcome(host.name(), UpgradeOutcome.Status.NEEDS_ATTENTION, "connect", e.getMessage(), started);
    }
  }

  /**
   * Carries on from what the host shows now, keeping what the run had learned.
   *
   * @param failedStep the step that was interrupted, for the outcome
   * @param why what interrupted it, or null when nothing did (a resumed run)
   * @param known what the interrupted run had learned ({@link Unchecked} for a resumed run)
   * @param target the sha256 being installed, when known
   */
  HostUpgrade.Ended continueFrom(
      HostSession session, Goal goal, String failedStep, String why, long started, Learned known, Optional<String> target)
      throws InterruptedException {
    StepObserver observer = procedure.observer();
    String host = session.host().name();
    observer.stepStarted(host, STEP);
    Observed seen;
    try {
      seen = settle(session, target);
    } catch (TransportException | StepFailure e) {
      observer.stepFailed(host, STEP, e.getMessage());
      return ended(session, UpgradeOutcome.Status.NEEDS_ATTENTION, failedStep, join(why, e.getMessage()), started, known);
    }
    HostView view = seen.view();
    observed = view.state();
    observer.stateObserved(host, view.state(), view.evidence());
    if (!view.state().isKnown()) {
      String reason = join(why, "the host is " + view.state().label() + " (" + view.evidence() + ")");
      observer.stepFailed(host, STEP, reason);
      return ended(session, UpgradeOutcome.Status.NEEDS_ATTENTION, failedStep, reason, started, known);
    }
    Learned learned;
    try {
      learned = RecoveredFacts.of(view, seen.snapshot(), known, target);
    } catch (StepFailure e) {
      String reason = join(why, e.getMessage());
      observer.stepFailed(host, STEP, reason);
      return ended(session, UpgradeOutcome.Status.NEEDS_ATTENTION, failedStep, reason, started, known);
    }
    String reason = why == null ? "resumed at " + view.state().label() : why;
    RecoveryPlan plan = RecoveryPlan.of(view.state(), goal, procedure.steps());
    return switch (plan.action()) {
      case DONE -> ended(session, UpgradeOutcome.Status.UPGRADED, null, null, started, learned);
      case FINISH -> procedure.run(
          session, plan.steps().stream().map(procedure.procedure()::linkOf).toList(), learned, started);
      case UNDO -> procedure.undo(
          session,
          plan.steps(),
          failedStep,
          view.state() == HostState.FORKING ? join(reason, "the new master did not come up") : reason,
          started,
          learned);
      case ATTENTION -> throw new IllegalStateException("unhandled known state " + view.state());
    };
  }

  private static HostUpgrade.Ended ended(
      HostSession session, UpgradeOutcome.Status status, String step, String reason, long started, Learned learned) {
    return new HostUpgrade.Ended(HostUpgrade.outcome(session, status, step, reason, started), learned);
  }

  /**
   * The state the last recovery found the host in. A host found {@code RUNNING} or {@code STAGED}
   * never had a new master up: putting its binary back leaves it as if never touched, and a
   * resumed run may simply upgrade it again.
   */
  public Optional<HostState> observedState() {
    return Optional.ofNullable(observed);
  }

  private record Observed(HostView view, NginxSnapshot snapshot) {}

  /** Probes until the host is out of FORKING, or the start timeout says it will not leave it. */
  private static Observed settle(HostSession session, Optional<String> target)
      throws TransportException, StepFailure, InterruptedException {
    Observed[] last = new Observed[1];
    try {
      return Poll.until(
          session.timeouts().start(),
          () -> {
            NginxSnapshot s = session.probe().withDigests();
            last[0] = new Observed(HostView.of(s, target.orElse(null)), s);
            return last[0].view().state() == HostState.FORKING ? Optional.empty() : Optional.of(last[0]);
          },
          waited -> "still forking");
    } catch (StepFailure stillForking) {
      if (last[0] == null) {
        throw stillForking;
      }
      return last[0];
    }
  }

  private static String join(String first, String second) {
    return first == null ? second : first + "; " + second;
  }
}
