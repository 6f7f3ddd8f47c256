package dev.fleet.nginx;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-only step between the new master coming up and the drain, as a load-balancer check or
 * a gate would be: adding it is this class and one line in {@link #procedureWith}. It can be
 * told to fail, and records its way back being taken.
 */
final class GateStep implements UpgradeStep {
  final List<String> undone = new ArrayList<>();
  private final String failure;

  GateStep(String failure) {
    this.failure = failure;
  }

  /** The upgrade with this step before the drain; the steps after it are the upgrade's own. */
  static List<UpgradeStep> procedureWith(GateStep gate) {
    List<UpgradeStep> steps = new ArrayList<>(new HostUpgrade(StepObserver.NONE).steps());
    steps.add(steps.indexOf(steps.stream().filter(s -> s.phase() == Phase.DRAIN).findFirst().orElseThrow()), gate);
    return steps;
  }

  @Override
  public String name() {
    return "gate";
  }

  @Override
  public Phase phase() {
    return Phase.FORK;
  }

  @Override
  public void apply(UpgradeContext ctx) throws StepFailure {
    if (failure != null) {
      throw new StepFailure(failure);
    }
  }

  @Override
  public void undo(UpgradeContext ctx) {
    undone.add(ctx.host.name());
  }
}
