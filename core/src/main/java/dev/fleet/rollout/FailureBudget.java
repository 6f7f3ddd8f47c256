package dev.fleet.rollout;

import dev.fleet.inventory.Amount;
import java.util.List;
import java.util.Optional;

/**
 * How many failed hosts a whole rollout tolerates (not per batch): a count, or a share of the
 * selected hosts rounded down. Unreachable hosts and hosts refused by preflight count like any
 * other failure. The first batch is a canary only when later batches follow it: then it also
 * tolerates no more than {@code canaryAllowed} failures of its own (0 unless the inventory says
 * otherwise), so that a bad build stops before it reaches the rest. A run of one batch has no
 * canary, and the budget the user set is the whole rule.
 *
 * @param allowed failed hosts the whole run tolerates
 * @param hasCanary whether the first batch is a canary, i.e. later batches follow it
 * @param canaryAllowed failed hosts of the canary batch it tolerates, when there is one
 */
public record FailureBudget(int allowed, boolean hasCanary, int canaryAllowed) {

  /** For replaying recorded outcomes, where no decision is to be taken. */
  static final FailureBudget NONE_CHECKED = new FailureBudget(Integer.MAX_VALUE, false, 0);

  /** A budget whose canary, if any, must pass without a failure. */
  public FailureBudget(int allowed, boolean canaryMustPass) {
    this(allowed, canaryMustPass, 0);
  }

  /**
   * @param maxFailures the run's budget, a share of all hosts of {@code batchSizes}
   * @param canaryMaxFailures the canary's own, a share of the first batch's hosts
   */
  public static FailureBudget of(Amount maxFailures, Amount canaryMaxFailures, List<Integer> batchSizes) {
    int selected = batchSizes.stream().mapToInt(Integer::intValue).sum();
    boolean hasCanary = batchSizes.size() > 1;
    int canary = hasCanary ? canaryMaxFailures.of(batchSizes.get(0)) : 0;
    return new FailureBudget(maxFailures.of(selected), hasCanary, canary);
  }

  /** True when there is a canary and not one of its hosts may fail. */
  public boolean canaryMustPass() {
    return hasCanary && canaryAllowed == 0;
  }

  /** True once {@code failures} hosts have failed, counting {@code canaryFailures} of the canary. */
  public boolean breached(int failures, int canaryFailures) {
    return haltReason(failures, canaryFailures, "").isPresent();
  }

  /**
   * Why the run halts once {@code failures} hosts have failed, {@code canaryFailures} of them in
   * the first batch, the last being {@code host}; empty while the budget holds.
   */
  public Optional<String> haltReason(int failures, int canaryFailures, String host) {
    if (hasCanary && canaryFailures > canaryAllowed) {
      return Optional.of(
          canaryAllowed == 0
              ? "the canary batch failed on " + host
              : hosts(canaryFailures) + " of the canary batch failed, more than"
                  + " canary_max_failures allows (" + canaryAllowed + ")");
    }
    if (failures > allowed) {
      return Optional.of(
          hosts(failures) + " failed, more than max_failures allows (" + allowed + ")");
    }
    return Optional.empty();
  }

  private static String hosts(int count) {
    return count == 1 ? "1 host" : count + " hosts";
  }
}
