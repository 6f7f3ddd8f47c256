package dev.fleet.rollout;

import dev.fleet.nginx.UpgradeOutcome;
import java.time.Duration;
import java.util.List;

/** Every host's outcome in the order the hosts ran, and the hosts a halt left untouched. */
public record RolloutResult(List<UpgradeOutcome> outcomes, List<String> notReached, Duration took) {

  public RolloutResult {
    outcomes = List.copyOf(outcomes);
    notReached = List.copyOf(notReached);
  }

  public boolean allSucceeded() {
    return outcomes.stream().allMatch(UpgradeOutcome::succeeded);
  }

  public long count(UpgradeOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }
}
