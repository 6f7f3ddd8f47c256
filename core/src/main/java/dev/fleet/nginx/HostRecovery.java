package dev.fleet.nginx;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.util.Optional;

/**
 * Brings a host that an upgrade left half-way to a safe state, judging only by what the host
 * shows now ({@link HostView}): it finishes the upgrade when the new master is up and passes
 * verification, and otherwise takes the host back to its old master and binary. The old master
 * is found on the host itself (the parent of the new one, whose pid .oldbin holds), so nothing from
 * the interrupted run is needed.
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
      UpgradeContext ctx = new UpgradeContext(host, connection, newBinary, timeouts).reconnectingWith(connector);
      ctx.targetSha256 = target.orElse(null);
      Guarded guarded = new Guarded(guard, procedure.observer(), host.name());
      Optional<String> refusal = guarded.enter(connection);
      if (refusal.isPresent()) {
        return HostUpgrade.outcome(ctx, UpgradeOutcome.Status.NEEDS_ATTENTION, Guarded.ENTER, refusal.get(), started);
      }
      UpgradeOutcome outcome;
      try {
        outcome = continueFrom(ctx, goal, STEP, null, started);
      } finally {
        ctx.closeReopened();
      }
      guarded.leave(connector, connection, ctx, outcome);
      return outcome;
    } catch (TransportException e) {
      return HostUpgrade.outcome(
          new UpgradeContext(host, null, newBinary, timeouts),
          UpgradeOutcome.Status.NEEDS_ATTENTION,
          "connect",
          e.getMessage(),
          started);
    }
  }

  /**
   * Carries on with {@code ctx} from what the host shows now.
   *
   * @param failedStep the step that was interrupted, for the outcome
   * @param why what interrupted it, or null when nothing did (a resumed run)
   */
  UpgradeOutcome continueFrom(UpgradeContext ctx, Goal goal, String failedStep, String why, long started)
      throws InterruptedException {
    StepObserver observer = procedure.observer();
    String host = ctx.host.name();
    observer.stepStarted(host, STEP);
    Observed seen;
    try {
      seen = settle(ctx);
    } catch (TransportException | StepFailure e) {
      observer.stepFailed(host, STEP, e.getMessage());
      return HostUpgrade.outcome(ctx, UpgradeOutcome.Status.NEEDS_ATTENTION, failedStep, join(why, e.getMessage()), started);
    }
    HostView view = seen.view();
    observed = view.state();
    observer.stateObserved(host, view.state(), view.evidence());
    if (!view.state().isKnown()) {
      String reason = join(why, "the host is " + view.state().label() + " (" + view.evidence() + ")");
      observer.stepFailed(host, STEP, reason);
      return HostUpgrade.outcome(ctx, UpgradeOutcome.Status.NEEDS_ATTENTION, failedStep, reason, started);
    }
    adopt(ctx, view, seen.snapshot());
    String reason = why == null ? "resumed at " + view.state().label() : why;
    RecoveryPlan plan = RecoveryPlan.of(view.state(), goal, procedure.steps());
    return switch (plan.action()) {
      case DONE -> HostUpgrade.outcome(ctx, UpgradeOutcome.Status.UPGRADED, null, null, started);
      case FINISH -> procedure.run(ctx, plan.steps(), started);
      case UNDO -> procedure.undo(
          ctx,
          plan.steps(),
          failedStep,
          view.state() == HostState.FORKING ? join(reason, "the new master did not come up") : reason,
          started);
      case ATTENTION -> throw new IllegalStateException("unhandled known state " + view.state());
    };
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
  private static Observed settle(UpgradeContext ctx) throws TransportException, StepFailure, InterruptedException {
    Observed[] last = new Observed[1];
    try {
      return Poll.until(
          ctx.timeouts.start(),
          () -> {
            NginxSnapshot s = ctx.probe.withDigests();
            last[0] = new Observed(HostView.of(s, ctx.targetSha256), s);
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

  /** Takes the masters and digests the steps need from the host, keeping what the run knew. */
  private static void adopt(UpgradeContext ctx, HostView view, NginxSnapshot s) {
    ProcessEntry old = view.oldMaster().orElseThrow();
    ctx.oldMaster = old;
    ctx.newMaster = view.newMaster().orElse(null);
    if (ctx.targetSha256 == null && ctx.newMaster != null) {
      // Stage renames the binary being installed into place before USR2: the file on disk is it.
      ctx.targetSha256 = s.binaryDigest().orElse(null);
    }
    if (ctx.oldSha256 == null) {
      ctx.oldSha256 =
          view.state() == HostState.STAGED
              ? s.backupDigest().orElse(null)
              : s.exeDigest(old.pid()).orElse(null);
    }
    if (ctx.expectedWorkers == 0) {
      int fresh = ctx.newMaster == null ? 0 : s.activeWorkersOf(ctx.newMaster.pid()).size();
      ctx.expectedWorkers = Math.max(1, Math.max(s.activeWorkersOf(old.pid()).size(), fresh));
    }
    if (ctx.errorLogOffset < 0) {
      ctx.errorLogOffset = Math.max(0, s.errorLogSize());
    }
  }

  private static String join(String first, String second) {
    return first == null ? second : first + "; " + second;
  }
}
