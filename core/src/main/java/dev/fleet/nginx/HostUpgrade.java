package dev.fleet.nginx;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * nginx's on-the-fly binary upgrade on one host, as the list of steps it is, each of a {@link
 * Phase}. When a step fails, the ways back of its phase and every phase before it are taken,
 * newest first; nothing is undone after the point of no return.
 * When the connection breaks half-way and the context may reconnect, the host is re-probed and
 * {@link HostRecovery} carries on from the state it shows.
 */
public final class HostUpgrade {

  private static final List<UpgradeStep> UPGRADE =
      List.of(
          new Preflight(),
          new StageBinary(),
          new StartNewMaster(),
          new DrainOldWorkers(),
          new VerifyNewMaster(),
          new QuitOldMaster());

  /** The same procedure back to the kept backup: only preflight and stage differ. */
  private static final List<UpgradeStep> ROLLBACK =
      List.of(
          new RollbackPreflight(),
          new StageBackup(),
          new StartNewMaster(),
          new DrainOldWorkers(),
          new VerifyNewMaster(),
          new QuitOldMaster());

  private final List<UpgradeStep> steps;
  private final StepObserver observer;

  public HostUpgrade(StepObserver observer) {
    this(UPGRADE, observer);
  }

  /** A procedure of other steps (a test's, with one more step): failure and recovery go by phase. */
  HostUpgrade(List<UpgradeStep> steps, StepObserver observer) {
    this.steps = steps;
    this.observer = observer;
  }

  /** {@code fleet rollback}: installs {@code <binary>.fleet-backup} by the same procedure. */
  public static HostUpgrade rollback(StepObserver observer) {
    return new HostUpgrade(ROLLBACK, observer);
  }

  /** Recovery for a host this procedure was interrupted on, with this procedure's ways back. */
  public HostRecovery recovery() {
    return new HostRecovery(this);
  }

  StepObserver observer() {
    return observer;
  }

  List<UpgradeStep> steps() {
    return steps;
  }

  /**
   * Connects to {@code host} and runs the procedure over that one connection, reopening it
   * through {@code connector} if it breaks. A host that cannot be reached is REFUSED: nothing on
   * it was changed. {@code newBinary} is null for a rollback, which installs the kept backup.
   */
  public UpgradeOutcome connectAndRun(
      Connector connector, Host host, NewBinary newBinary, UpgradeTimeouts timeouts)
      throws InterruptedException {
    return connectAndRun(connector, host, newBinary, timeouts, HostGuard.NONE);
  }

  /** As above, inside {@code guard}: entered once connected, left once the procedure ended. */
  public UpgradeOutcome connectAndRun(
      Connector connector, Host host, NewBinary newBinary, UpgradeTimeouts timeouts, HostGuard guard)
      throws InterruptedException {
    return connectAndRun(connector, host, newBinary, timeouts, guard, InsideLock.NOTHING);
  }

  /**
   * As above, with {@code inside} entered once the guard (the host's lock) is, and left before
   * the guard is: a refusal there leaves the host untouched and releases the lock.
   */
  public UpgradeOutcome connectAndRun(
      Connector connector, Host host, NewBinary newBinary, UpgradeTimeouts timeouts, HostGuard guard, InsideLock inside)
      throws InterruptedException {
    long started = System.nanoTime();
    observer.stepStarted(host.name(), "connect");
    Connection connection;
    try {
      connection = connector.connect(host);
    } catch (TransportException e) {
      observer.stepFailed(host.name(), "connect", e.getMessage());
      return new UpgradeOutcome(
          host.name(), UpgradeOutcome.Status.REFUSED, "connect", e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
    }
    try (connection) {
      observer.stepSucceeded(host.name(), "connect", Duration.ofNanos(System.nanoTime() - started));
      UpgradeContext ctx = new UpgradeContext(host, connection, newBinary, timeouts).reconnectingWith(connector);
      Optional<String> refusal = new Guarded(guard, observer, host.name()).enter(connection);
      if (refusal.isPresent()) {
        return outcome(ctx, UpgradeOutcome.Status.REFUSED, Guarded.ENTER, refusal.get(), started);
      }
      Optional<String> declined = inside.enter();
      if (declined.isPresent()) {
        UpgradeOutcome refused = outcome(ctx, UpgradeOutcome.Status.REFUSED, inside.step(), declined.get(), started);
        inside.leave(refused, Guarded.change(ctx));
        new Guarded(guard, observer, host.name()).leave(connector, connection, ctx, refused);
        return refused;
      }
      UpgradeOutcome outcome = run(ctx);
      inside.leave(outcome, Guarded.change(ctx));
      new Guarded(guard, observer, host.name()).leave(connector, connection, ctx, outcome);
      return outcome;
    }
  }

  public UpgradeOutcome run(UpgradeContext ctx) throws InterruptedException {
    try {
      return run(ctx, steps, System.nanoTime());
    } finally {
      ctx.closeReopened();
    }
  }

  /** Runs {@code todo}, steps of this procedure; on a failure, the phases reached are undone. */
  UpgradeOutcome run(UpgradeContext ctx, List<UpgradeStep> todo, long started) throws InterruptedException {
    String host = ctx.host.name();
    for (UpgradeStep step : todo) {
      long stepStart = System.nanoTime();
      observer.stepStarted(host, step.name());
      try {
        step.apply(ctx);
      } catch (TransportException e) {
        observer.stepFailed(host, step.name(), e.getMessage());
        if (!step.phase().changesNothing() && e.retryable() && ctx.canReconnect()) {
          return reconnectAndRecover(ctx, HostRecovery.Goal.FINISH_OR_ROLL_BACK, step, e, started);
        }
        return failed(ctx, step, e.getMessage(), started);
      } catch (StepFailure e) {
        observer.stepFailed(host, step.name(), e.getMessage());
        UpgradeOutcome outcome = failed(ctx, step, e.getMessage(), started);
        // A download the host refused changed nothing: that host was refused, not rolled back.
        return e instanceof StageBinary.DownloadRefused && outcome.status() == UpgradeOutcome.Status.ROLLED_BACK
            ? outcome(ctx, UpgradeOutcome.Status.REFUSED, step.name(), e.getMessage(), started)
            : outcome;
      }
      observer.stepSucceeded(host, step.name(), Duration.ofNanos(System.nanoTime() - stepStart));
      if (step.phase() == Phase.STAGE) {
        observer.binaryChange(host, ctx.oldVersion, ctx.oldSha256, ctx.newVersion, ctx.targetSha256);
      }
      if (ctx.alreadyCurrent) {
        return outcome(ctx, UpgradeOutcome.Status.ALREADY_CURRENT, null, null, started);
      }
    }
    return outcome(ctx, UpgradeOutcome.Status.UPGRADED, null, null, started);
  }

  private UpgradeOutcome failed(UpgradeContext ctx, UpgradeStep step, String reason, long started)
      throws InterruptedException {
    if (step.phase().changesNothing()) {
      return outcome(ctx, UpgradeOutcome.Status.REFUSED, step.name(), reason, started);
    }
    if (step.phase().isPointOfNoReturn()) {
      return outcome(ctx, UpgradeOutcome.Status.NEEDS_ATTENTION, step.name(), reason, started);
    }
    return undo(ctx, RecoveryPlan.undoThrough(step.phase(), steps), step.name(), reason, started);
  }

  /**
   * Takes the ways back of {@code ways} in order (newest first). It stops at the first failed way
   * back: restoring the old binary file while a new master still runs it would leave disk and
   * process disagreeing.
   */
  UpgradeOutcome undo(UpgradeContext ctx, List<UpgradeStep> ways, String failed, String reason, long started)
      throws InterruptedException {
    for (UpgradeStep step : ways) {
      observer.undoStarted(ctx.host.name(), step.name());
      try {
        step.undo(ctx);
      } catch (TransportException e) {
        observer.undoFailed(ctx.host.name(), step.name(), e.getMessage());
        if (e.retryable() && ctx.canReconnect()) {
          return reconnectAndRecover(ctx, HostRecovery.Goal.ROLL_BACK, failed, e, started);
        }
        return outcome(ctx, UpgradeOutcome.Status.NEEDS_ATTENTION, failed, reason + "; undo " + step.name() + ": " + e.getMessage(), started);
      } catch (StepFailure e) {
        observer.undoFailed(ctx.host.name(), step.name(), e.getMessage());
        return outcome(ctx, UpgradeOutcome.Status.NEEDS_ATTENTION, failed, reason + "; undo " + step.name() + ": " + e.getMessage(), started);
      }
    }
    return outcome(ctx, UpgradeOutcome.Status.ROLLED_BACK, failed, reason, started);
  }

  private UpgradeOutcome reconnectAndRecover(
      UpgradeContext ctx, HostRecovery.Goal goal, UpgradeStep step, TransportException e, long started)
      throws InterruptedException {
    return reconnectAndRecover(ctx, goal, step.name(), e, started);
  }

  private UpgradeOutcome reconnectAndRecover(
      UpgradeContext ctx, HostRecovery.Goal goal, String step, TransportException e, long started)
      throws InterruptedException {
    observer.stepStarted(ctx.host.name(), "reconnect");
    try {
      ctx.reconnect();
    } catch (TransportException again) {
      observer.stepFailed(ctx.host.name(), "reconnect", again.getMessage());
      return outcome(
          ctx,
          UpgradeOutcome.Status.NEEDS_ATTENTION,
          step,
          e.getMessage() + "; could not reconnect: " + again.getMessage(),
          started);
    }
    observer.stepSucceeded(ctx.host.name(), "reconnect", Duration.ZERO);
    return new HostRecovery(this).continueFrom(ctx, goal, step, e.getMessage(), started);
  }

  static UpgradeOutcome outcome(
      UpgradeContext ctx, UpgradeOutcome.Status status, String step, String reason, long started) {
    return new UpgradeOutcome(
        ctx.host.name(), status, step, reason, Duration.ofNanos(System.nanoTime() - started));
  }
}
