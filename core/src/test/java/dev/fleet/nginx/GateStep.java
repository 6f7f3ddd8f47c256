package dev.fleet.nginx;

import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.step.DrainOldWorkers;
import dev.fleet.nginx.step.Forked;
import dev.fleet.nginx.step.HostSession;
import dev.fleet.nginx.step.Learned;
import dev.fleet.nginx.step.Phase;
import dev.fleet.nginx.step.Preflight;
import dev.fleet.nginx.step.Procedure;
import dev.fleet.nginx.step.QuitOldMaster;
import dev.fleet.nginx.step.StageBinary;
import dev.fleet.nginx.step.StartNewMaster;
import dev.fleet.nginx.step.UpgradeStep;
import dev.fleet.nginx.step.VerifyNewMaster;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only step between the new master coming up and the drain, as a load-balancer check or
 * a gate would be: adding it is this class and one line in {@link #procedureWith}. It can be
 * told to fail, and records its way back being taken.
 */
final class GateStep implements UpgradeStep<Forked, Forked> {
  final List<String> undone = new ArrayList<>();
  private final String failure;

  GateStep(String failure) {
    this.failure = failure;
  }

  /** The upgrade with this step before the drain; the other lines are the upgrade's own. */
  static Procedure<Forked> procedureWith(GateStep gate) {
    return Procedure.checkedBy(new Preflight())
        .then(new StageBinary(), Learned::stage)
        .then(new StartNewMaster(), Learned::fork)
        .then(gate)
        .then(new DrainOldWorkers())
        .then(new VerifyNewMaster())
        .then(new QuitOldMaster());
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
  public Forked apply(HostSession session, Forked in) throws StepFailure {
    if (failure != null) {
      throw new StepFailure(failure);
    }
    return in;
  }

  @Override
  public void undo(HostSession session, Forked in) {
    undone.add(session.host().name());
  }
}
