package dev.fleet.rollout;

import dev.fleet.nginx.UpgradeOutcome;
import java.time.Duration;
import java.util.List;

/**
 * How a rollout ended.
 *
 * @param outcomes every upgraded-or-tried host, in the order they finished
 * @param reverted hosts taken back after a breach of the budget, in the order they were reverted
 * @param notReached hosts no step touched
 */
public record RolloutResult(
    Status status,
    List<UpgradeOutcome> outcomes,
    List<UpgradeOutcome> reverted,
    List<String> notReached,
    Duration took) {

  public enum Status {
    /** Every host runs the new binary. */
    COMPLETED,
    /** Every batch ran; some hosts failed within the budget and were restored. */
    COMPLETED_WITH_FAILURES,
    /** The budget was breached: the run stopped and rolled back per policy. */
    HALTED,
    /** A manual gate or an interrupt stopped the run between hosts; resume continues it. */
    PAUSED,
    /** A host could not be restored or is in an unknown state. */
    NEEDS_ATTENTION
  }

  public RolloutResult {
    outcomes = List.copyOf(outcomes);
    reverted = List.copyOf(reverted);
    notReached = List.copyOf(notReached);
  }

  /** The same hosts, ended otherwise (a journal that failed turns a run into needs attention). */
  public RolloutResult withStatus(Status other) {
    return new RolloutResult(other, outcomes, reverted, notReached, took);
  }

  public boolean allSucceeded() {
    return outcomes.stream().allMatch(UpgradeOutcome::succeeded);
  }

  public long count(UpgradeOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }
}
