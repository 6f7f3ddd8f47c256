package dev.fleet.nginx;

import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.step.Phase;
import dev.fleet.nginx.step.UpgradeStep;
import java.util.List;

/**
 * What recovery does with a host an upgrade left half-way, decided from the state the host shows
 * and the goal alone: which of the procedure's steps it undoes or runs. Pure, so every state is
 * table-tested against every procedure (HostStateTest's recovery table).
 *
 * @param action what is done
 * @param steps the steps undone (newest first) or run, in that order
 */
public record RecoveryPlan(Action action, List<UpgradeStep<?, ?>> steps) {

  public enum Action {
    /** The target runs and nothing is half-way: nothing to do. */
    DONE,
    /** Take the host back: the ways back of every phase the host reached, newest first. */
    UNDO,
    /** The new master is up: run the rest of the procedure (drain, verify, commit). */
    FINISH,
    /** A state no interrupted upgrade explains: touch nothing, a person has to look. */
    ATTENTION
  }

  /** The phase the host shows it has reached, for the states an interruption can leave. */
  static Phase reached(HostState state) {
    return switch (state) {
      case RUNNING, STAGED -> Phase.STAGE;
      case FORKING, BOTH_UP -> Phase.FORK;
      case DRAINING -> Phase.DRAIN;
      case COMMITTED -> Phase.COMMIT;
      default -> throw new IllegalArgumentException(state + " is not a state an upgrade passes through");
    };
  }

  static RecoveryPlan of(HostState state, HostRecovery.Goal goal, List<UpgradeStep<?, ?>> procedure) {
    if (!state.isKnown()) {
      return new RecoveryPlan(Action.ATTENTION, List.of());
    }
    if (state == HostState.COMMITTED) {
      return new RecoveryPlan(Action.DONE, List.of());
    }
    boolean newMasterUp = state == HostState.BOTH_UP || state == HostState.DRAINING;
    if (newMasterUp && goal == HostRecovery.Goal.FINISH_OR_ROLL_BACK) {
      // From the drain on: a DRAINING host had WINCH, but its old workers may still be finishing.
      return new RecoveryPlan(Action.FINISH, after(Phase.FORK, procedure));
    }
    return new RecoveryPlan(Action.UNDO, undoThrough(reached(state), procedure));
  }

  /** The steps of the phases after {@code phase}, in procedure order. */
  static List<UpgradeStep<?, ?>> after(Phase phase, List<UpgradeStep<?, ?>> procedure) {
    return procedure.stream().filter(s -> s.phase().compareTo(phase) > 0).toList();
  }

  /** The steps of {@code phase} and every phase before it, newest first: their ways back. */
  static List<UpgradeStep<?, ?>> undoThrough(Phase phase, List<UpgradeStep<?, ?>> procedure) {
    List<UpgradeStep<?, ?>> steps =
        new java.util.ArrayList<>(procedure.stream().filter(s -> s.phase().compareTo(phase) <= 0).toList());
    java.util.Collections.reverse(steps);
    return List.copyOf(steps);
  }
}
