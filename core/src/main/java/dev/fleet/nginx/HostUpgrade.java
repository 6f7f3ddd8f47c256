package dev.fleet.nginx;

import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.List;

/**
 * nginx's on-the-fly binary upgrade on one host, as the list of steps it is. When a step fails,
 * the steps begun so far are undone newest first; nothing is undone after the point of no return.
 */
public final class HostUpgrade {

  private static final List<UpgradeStep> STEPS =
      List.of(
          new Preflight(),
          new StageBinary(),
          new StartNewMaster(),
          new DrainOldWorkers(),
          new VerifyNewMaster(),
          new QuitOldMaster());

  /** From this step on, the old master is going away: rollback means a second upgrade. */
  private static final String POINT_OF_NO_RETURN = "commit";

  private final StepObserver observer;

  public HostUpgrade(StepObserver observer) {
    this.observer = observer;
  }

  public UpgradeOutcome run(UpgradeContext ctx) throws InterruptedException {
    String host = ctx.host.name();
    long started = System.nanoTime();
    for (int i = 0; i < STEPS.size(); i++) {
      UpgradeStep step = STEPS.get(i);
      long stepStart = System.nanoTime();
      observer.stepStarted(host, step.name());
      try {
        step.apply(ctx);
      } catch (StepFailure | TransportException e) {
        observer.stepFailed(host, step.name(), e.getMessage());
        if (i == 0) {
          return outcome(ctx, UpgradeOutcome.Status.REFUSED, step, e.getMessage(), started);
        }
        if (step.name().equals(POINT_OF_NO_RETURN)) {
          return outcome(ctx, UpgradeOutcome.Status.NEEDS_ATTENTION, step, e.getMessage(), started);
        }
        boolean restored = undo(ctx, STEPS.subList(0, i + 1));
        return outcome(
            ctx,
            restored ? UpgradeOutcome.Status.ROLLED_BACK : UpgradeOutcome.Status.NEEDS_ATTENTION,
            step,
            e.getMessage(),
            started);
      }
      observer.stepSucceeded(host, step.name(), Duration.ofNanos(System.nanoTime() - stepStart));
      if (ctx.alreadyCurrent) {
        return outcome(ctx, UpgradeOutcome.Status.ALREADY_CURRENT, null, null, started);
      }
    }
    return outcome(ctx, UpgradeOutcome.Status.UPGRADED, null, null, started);
  }

  /**
   * Undoes {@code begun} newest first; false when a way back failed. It stops there: restoring
   * the old binary file while a new master still runs it would leave disk and process disagreeing.
   */
  private boolean undo(UpgradeContext ctx, List<UpgradeStep> begun) throws InterruptedException {
    for (int i = begun.size() - 1; i >= 0; i--) {
      UpgradeStep step = begun.get(i);
      observer.undoStarted(ctx.host.name(), step.name());
      try {
        step.undo(ctx);
      } catch (StepFailure | TransportException e) {
        observer.undoFailed(ctx.host.name(), step.name(), e.getMessage());
        return false;
      }
    }
    return true;
  }

  private static UpgradeOutcome outcome(
      UpgradeContext ctx, UpgradeOutcome.Status status, UpgradeStep step, String reason, long started) {
    return new UpgradeOutcome(
        ctx.host.name(),
        status,
        step == null ? null : step.name(),
        reason,
        Duration.ofNanos(System.nanoTime() - started));
  }
}
