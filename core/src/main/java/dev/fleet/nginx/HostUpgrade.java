package dev.fleet.nginx;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.step.AlreadyCurrent;
import dev.fleet.nginx.step.CutOff;
import dev.fleet.nginx.step.DrainOldWorkers;
import dev.fleet.nginx.step.Forked;
import dev.fleet.nginx.step.HostSession;
import dev.fleet.nginx.step.Learned;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.nginx.step.Phase;
import dev.fleet.nginx.step.Preflight;
import dev.fleet.nginx.step.Preflighted;
import dev.fleet.nginx.step.Procedure;
import dev.fleet.nginx.step.QuitOldMaster;
import dev.fleet.nginx.step.RollbackPreflight;
import dev.fleet.nginx.step.StageBackup;
import dev.fleet.nginx.step.StageBinary;
import dev.fleet.nginx.step.StartNewMaster;
import dev.fleet.nginx.step.Unchecked;
import dev.fleet.nginx.step.UpgradeStep;
import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.nginx.step.VerifyNewMaster;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * nginx's on-the-fly binary upgrade on one host, as the chain of steps it is ({@link Procedure}),
 * each of a {@link Phase} and each handing what it learned to the next. When a step fails, the
 * ways back of its phase and every phase before it are taken, newest first, each given what held
 * before it; nothing is undone after the point of no return. When the connection breaks half-way
 * and the session may reconnect, the host is re-probed and {@link HostRecovery} carries on from
 * the state it shows.
 */
public final class HostUpgrade {

  private static final Procedure<Forked> UPGRADE =
      Procedure.checkedBy(new Preflight())
          .then(new StageBinary(), Learned::stage)
          .then(new StartNewMaster(), Learned::fork)
          .then(new DrainOldWorkers())
          .then(new VerifyNewMaster())
          .then(new QuitOldMaster());

  /** The same procedure back to the kept backup: only preflight and stage differ. */
  private static final Procedure<Forked> ROLLBACK =
      Procedure.checkedBy(new RollbackPreflight())
          .then(new StageBackup(), Learned::stage)
          .then(new StartNewMaster(), Learned::fork)
          .then(new DrainOldWorkers())
          .then(new VerifyNewMaster())
          .then(new QuitOldMaster());

  /** How a run ended, and what it had learned by then: the guard and hooks hear what changed. */
  record Ended(UpgradeOutcome outcome, Learned learned) {}

  private final Procedure<?> procedure;
  private final StepObserver observer;

  public HostUpgrade(StepObserver observer) {
    this(UPGRADE, observer);
  }

  /** A procedure of other steps (a test's, with one more step): failure and recovery go by phase. */
  HostUpgrade(Procedure<?> procedure, StepObserver observer) {
    this.procedure = procedure;
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

  Procedure<?> procedure() {
    return procedure;
  }

  List<UpgradeStep<?, ?>> steps() {
    return procedure.steps();
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
      HostSession session = new HostSession(host, connection, newBinary, timeouts).reconnectingWith(connector);
      Guarded guarded = new Guarded(guard, observer, host.name());
      Optional<String> refusal = guarded.enter(connection);
      if (refusal.isPresent()) {
        return outcome(session, UpgradeOutcome.Status.REFUSED, Guarded.ENTER, refusal.get(), started);
      }
      Optional<String> declined = inside.enter();
      if (declined.isPresent()) {
        UpgradeOutcome refused = outcome(session, UpgradeOutcome.Status.REFUSED, inside.step(), declined.get(), started);
        HostGuard.BinaryChange nothing = Guarded.change(Unchecked.HOST, session.knownTarget());
        inside.leave(refused, nothing);
        guarded.leave(connector, connection, session, refused, nothing);
        return refused;
      }
      Ended ended = runLearning(session);
      HostGuard.BinaryChange change = Guarded.change(ended.learned(), session.knownTarget());
      inside.leave(ended.outcome(), change);
      guarded.leave(connector, connection, session, ended.outcome(), change);
      return ended.outcome();
    }
  }

  public UpgradeOutcome run(HostSession session) throws InterruptedException {
    return runLearning(session).outcome();
  }

  private Ended runLearning(HostSession session) throws InterruptedException {
    try {
      return run(session, procedure.links(), Unchecked.HOST, System.nanoTime());
    } finally {
      session.closeReopened();
    }
  }

  /**
   * Runs {@code todo}, steps of this procedure, the first given its input from {@code learned};
   * on a failure, the phases reached are undone.
   */
  Ended run(HostSession session, List<Procedure.Link> todo, Learned learned, long started) throws InterruptedException {
    String host = session.host().name();
    for (Procedure.Link link : todo) {
      UpgradeStep<Learned, Learned> step = link.step();
      long stepStart = System.nanoTime();
      observer.stepStarted(host, step.name());
      Learned out;
      try {
        out = step.apply(session, inputOf(link, learned));
      } catch (TransportException e) {
        observer.stepFailed(host, step.name(), e.getMessage());
        Learned known = e instanceof CutOff cut ? cut.learned() : learned;
        if (!step.phase().changesNothing() && e.retryable() && session.canReconnect()) {
          return reconnectAndRecover(session, HostRecovery.Goal.FINISH_OR_ROLL_BACK, step.name(), e, started, known);
        }
        return failed(session, step, e.getMessage(), started, known);
      } catch (StepFailure e) {
        observer.stepFailed(host, step.name(), e.getMessage());
        Ended ended = failed(session, step, e.getMessage(), started, learned);
        // A download the host refused changed nothing: that host was refused, not rolled back.
        return e instanceof StageBinary.DownloadRefused && ended.outcome().status() == UpgradeOutcome.Status.ROLLED_BACK
            ? new Ended(outcome(session, UpgradeOutcome.Status.REFUSED, step.name(), e.getMessage(), started), learned)
            : ended;
      }
      observer.stepSucceeded(host, step.name(), Duration.ofNanos(System.nanoTime() - stepStart));
      learned = out;
      if (step.phase() == Phase.STAGE) {
        HostGuard.BinaryChange c = Guarded.change(learned, session.knownTarget());
        observer.binaryChange(host, c.fromVersion(), c.fromSha256(), c.toVersion(), c.toSha256());
      }
      if (learned instanceof AlreadyCurrent) {
        return new Ended(outcome(session, UpgradeOutcome.Status.ALREADY_CURRENT, null, null, started), learned);
      }
    }
    return new Ended(outcome(session, UpgradeOutcome.Status.UPGRADED, null, null, started), learned);
  }

  private static Learned inputOf(Procedure.Link link, Learned learned) {
    return link.input().apply(learned).orElseThrow(
        () -> new IllegalStateException(link.step().name() + " has no input in " + learned));
  }

  private Ended failed(HostSession session, UpgradeStep<?, ?> step, String reason, long started, Learned learned)
      throws InterruptedException {
    if (step.phase().changesNothing()) {
      return new Ended(outcome(session, UpgradeOutcome.Status.REFUSED, step.name(), reason, started), learned);
    }
    if (step.phase().isPointOfNoReturn()) {
      return new Ended(outcome(session, UpgradeOutcome.Status.NEEDS_ATTENTION, step.name(), reason, started), learned);
    }
    return undo(session, RecoveryPlan.undoThrough(step.phase(), steps()), step.name(), reason, started, learned);
  }

  /**
   * Takes the ways back of {@code ways} in order (newest first), each given what held before its
   * step as {@code learned} holds it; a step whose input never held was never begun, and is
   * passed. It stops at the first failed way back: restoring the old binary file while a new
   * master still runs it would leave disk and process disagreeing.
   */
  Ended undo(HostSession session, List<UpgradeStep<?, ?>> ways, String failed, String reason, long started, Learned learned)
      throws InterruptedException {
    String host = session.host().name();
    for (UpgradeStep<?, ?> way : ways) {
      Procedure.Link link = procedure.linkOf(way);
      Optional<? extends Learned> before = link.input().apply(learned);
      if (before.isEmpty()) {
        continue;
      }
      observer.undoStarted(host, way.name());
      try {
        link.step().undo(session, before.get());
      } catch (TransportException e) {
        observer.undoFailed(host, way.name(), e.getMessage());
        if (e.retryable() && session.canReconnect()) {
          return reconnectAndRecover(session, HostRecovery.Goal.ROLL_BACK, failed, e, started, learned);
        }
        return new Ended(outcome(session, UpgradeOutcome.Status.NEEDS_ATTENTION, failed, reason + "; undo " + way.name() + ": " + e.getMessage(), started), learned);
      } catch (StepFailure e) {
        observer.undoFailed(host, way.name(), e.getMessage());
        return new Ended(outcome(session, UpgradeOutcome.Status.NEEDS_ATTENTION, failed, reason + "; undo " + way.name() + ": " + e.getMessage(), started), learned);
      }
    }
    return new Ended(outcome(session, UpgradeOutcome.Status.ROLLED_BACK, failed, reason, started), learned);
  }

  private Ended reconnectAndRecover(
      HostSession session, HostRecovery.Goal goal, String step, TransportException e, long started, Learned learned)
      throws InterruptedException {
    String host = session.host().name();
    observer.stepStarted(host, "reconnect");
    try {
      session.reconnect();
    } catch (TransportException again) {
      observer.stepFailed(host, "reconnect", again.getMessage());
      return new Ended(
          outcome(
              session,
              UpgradeOutcome.Status.NEEDS_ATTENTION,
              step,
              e.getMessage() + "; could not reconnect: " + again.getMessage(),
              started),
          learned);
    }
    observer.stepSucceeded(host, "reconnect", Duration.ZERO);
    Optional<String> target = learned.preflight().flatMap(Preflighted::targetSha256).or(session::knownTarget);
    return new HostRecovery(this).continueFrom(session, goal, step, e.getMessage(), started, learned, target);
  }

  static UpgradeOutcome outcome(
      HostSession session, UpgradeOutcome.Status status, String step, String reason, long started) {
    return outcome(session.host().name(), status, step, reason, started);
  }

  static UpgradeOutcome outcome(String host, UpgradeOutcome.Status status, String step, String reason, long started) {
    return new UpgradeOutcome(host, status, step, reason, Duration.ofNanos(System.nanoTime() - started));
  }
}
