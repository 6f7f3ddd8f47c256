package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.UpgradeHooks;
import dev.fleet.nginx.step.NewBinary;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A run as planned, before any host is touched: what an operator confirms and reporters show.
 *
 * @param binary what the hosts get; empty for {@code fleet rollback}, where each host gets its own backup
 * @param hooks what {@code upgrade.hooks} runs around the run, its batches and its hosts
 */
public record RunPlan(
    String runId,
    Path runDir,
    HostProcedure.Kind kind,
    List<List<Host>> batches,
    Optional<NewBinary> binary,
    RolloutPolicy policy,
    UpgradeHooks hooks) {

  public int hosts() {
    return batches.stream().mapToInt(List::size).sum();
  }
}
