package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.RollbackPolicy;
import dev.fleet.inventory.UpgradeSettings;
import dev.fleet.nginx.step.UpgradeTimeouts;
import java.time.Duration;
import java.util.List;

/**
 * How a rollout runs, built once from the inventory's upgrade settings.
 *
 * @param parallel most hosts in flight at once within a batch
 * @param pause wait between batches (ignored when {@code manualPause})
 * @param manualPause end the run after each batch but the last, for {@code fleet resume}
 * @param rollback what a breach of the budget rolls back
 */
public record RolloutPolicy(
    UpgradeTimeouts timeouts,
    int parallel,
    FailureBudget budget,
    Duration pause,
    boolean manualPause,
    RollbackPolicy rollback) {

  /** The batches decide the budget: its share of all their hosts, and whether there is a canary. */
  public static RolloutPolicy from(UpgradeSettings upgrade, List<List<Host>> batches) {
    UpgradeTimeouts defaults = UpgradeTimeouts.defaults();
    return new RolloutPolicy(
        new UpgradeTimeouts(defaults.start(), upgrade.drainTimeout(), defaults.quit(), upgrade.soak())
            .withReconnect(upgrade.reconnectWindow()),
        upgrade.parallel(),
        FailureBudget.of(
            upgrade.failureBudget(), upgrade.canaryBudget(), batches.stream().map(List::size).toList()),
        upgrade.pauseDuration(),
        upgrade.manualPause(),
        upgrade.rollbackPolicy());
  }

  /** The same policy with another answer to a breach. */
  public RolloutPolicy withRollback(RollbackPolicy answer) {
    return new RolloutPolicy(timeouts, parallel, budget, pause, manualPause, answer);
  }
}
