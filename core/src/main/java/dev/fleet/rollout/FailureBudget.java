package dev.fleet.rollout;

import dev.fleet.inventory.Amount;

/**
 * How many failed hosts a whole rollout tolerates (not per batch): a count, or a share of the
 * selected hosts rounded down. Unreachable hosts and hosts refused by preflight count like any
 * other failure. Inside the canary batch no failure is tolerated unless the inventory allows it.
 */
public record FailureBudget(int allowed, boolean canaryMustPass) {

  /** For replaying recorded outcomes, where no decision is to be taken. */
  static final FailureBudget NONE_CHECKED = new FailureBudget(Integer.MAX_VALUE, false);

  public static FailureBudget of(Amount maxFailures, int selectedHosts, boolean canaryMustPass) {
    return new FailureBudget(maxFailures.of(selectedHosts), canaryMustPass);
  }

  /** True once {@code failures} hosts have failed, counting {@code canaryFailures} of the canary. */
  public boolean breached(int failures, int canaryFailures) {
    return failures > allowed || (canaryMustPass && canaryFailures > 0);
  }
}
