package dev.fleet.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.step.Phase;
import dev.fleet.nginx.step.UpgradeStep;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every state an interrupted run can leave, against every procedure and goal: what recovery does. */
class RecoveryPlanTest {

  private static final Map<String, Supplier<List<UpgradeStep<?, ?>>>> PROCEDURES =
      Map.of(
          "upgrade", () -> new HostUpgrade(StepObserver.NONE).steps(),
          "rollback", () -> HostUpgrade.rollback(StepObserver.NONE).steps(),
          "upgrade+gate", () -> GateStep.procedureWith(new GateStep(null)).steps());

  @ParameterizedTest(name = "{0} found {1}, {2}: {3} {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "upgrade      | RUNNING   | FINISH_OR_ROLL_BACK | UNDO   | stage preflight",
        "upgrade      | STAGED    | FINISH_OR_ROLL_BACK | UNDO   | stage preflight",
        "upgrade      | STAGED    | ROLL_BACK           | UNDO   | stage preflight",
        "upgrade      | FORKING   | FINISH_OR_ROLL_BACK | UNDO   | start-new-master stage preflight",
        "upgrade      | BOTH_UP   | FINISH_OR_ROLL_BACK | FINISH | drain-old-workers verify commit",
        "upgrade      | BOTH_UP   | ROLL_BACK           | UNDO   | start-new-master stage preflight",
        "upgrade      | DRAINING  | FINISH_OR_ROLL_BACK | FINISH | drain-old-workers verify commit",
        "upgrade      | DRAINING  | ROLL_BACK           | UNDO   | drain-old-workers start-new-master stage preflight",
        "upgrade      | COMMITTED | FINISH_OR_ROLL_BACK | DONE   | -",
        "rollback     | STAGED    | FINISH_OR_ROLL_BACK | UNDO   | stage preflight",
        "rollback     | FORKING   | ROLL_BACK           | UNDO   | start-new-master stage preflight",
        "rollback     | BOTH_UP   | FINISH_OR_ROLL_BACK | FINISH | drain-old-workers verify commit",
        "rollback     | DRAINING  | ROLL_BACK           | UNDO   | drain-old-workers start-new-master stage preflight",
        "upgrade+gate | RUNNING   | FINISH_OR_ROLL_BACK | UNDO   | stage preflight",
        "upgrade+gate | FORKING   | FINISH_OR_ROLL_BACK | UNDO   | gate start-new-master stage preflight",
        "upgrade+gate | BOTH_UP   | FINISH_OR_ROLL_BACK | FINISH | drain-old-workers verify commit",
        "upgrade+gate | BOTH_UP   | ROLL_BACK           | UNDO   | gate start-new-master stage preflight",
        "upgrade+gate | DRAINING  | ROLL_BACK           | UNDO   | drain-old-workers gate start-new-master stage preflight",
        "upgrade+gate | COMMITTED | ROLL_BACK           | DONE   | -",
      })
  void recoveryDependsOnThePhaseTheHostReachedNotOnStepPositions(
      String procedure, HostState state, HostRecovery.Goal goal, RecoveryPlan.Action action, String steps) {
    RecoveryPlan plan = RecoveryPlan.of(state, goal, PROCEDURES.get(procedure).get());
    assertEquals(action, plan.action());
    assertEquals(steps.equals("-") ? List.of() : Arrays.asList(steps.split(" ")), plan.steps().stream().map(UpgradeStep::name).toList());
  }

  @Test
  void everyStateOfEveryProcedureHasAPlanAndOnlyUnknownStatesStopForAPerson() {
    Set<HostState> unknown = EnumSet.noneOf(HostState.class);
    for (Supplier<List<UpgradeStep<?, ?>>> procedure : PROCEDURES.values()) {
      for (HostState state : HostState.values()) {
        for (HostRecovery.Goal goal : HostRecovery.Goal.values()) {
          RecoveryPlan plan = RecoveryPlan.of(state, goal, procedure.get());
          if (plan.action() == RecoveryPlan.Action.ATTENTION) {
            unknown.add(state);
          }
          if (plan.action() == RecoveryPlan.Action.UNDO) {
            assertEquals(Phase.CHECK, plan.steps().get(plan.steps().size() - 1).phase(), state + ": undone down to the start");
          }
        }
      }
    }
    assertEquals(EnumSet.complementOf(EnumSet.of(
        HostState.RUNNING, HostState.STAGED, HostState.FORKING, HostState.BOTH_UP, HostState.DRAINING, HostState.COMMITTED)), unknown);
  }

  @Test
  void aStepFailingInAPhaseUndoesThatPhaseAndEveryOneBefore() {
    List<UpgradeStep<?, ?>> steps = GateStep.procedureWith(new GateStep(null)).steps();
    assertEquals(List.of("gate", "start-new-master", "stage", "preflight"),
        RecoveryPlan.undoThrough(Phase.FORK, steps).stream().map(UpgradeStep::name).toList());
    assertEquals(List.of("verify", "drain-old-workers", "gate", "start-new-master", "stage", "preflight"),
        RecoveryPlan.undoThrough(Phase.VERIFY, steps).stream().map(UpgradeStep::name).toList());
  }
}
