package dev.fleet.rollout;

import dev.fleet.hooks.HookObserver;
import dev.fleet.inventory.Host;
import dev.fleet.nginx.StepObserver;
import dev.fleet.nginx.UpgradeOutcome;

/**
 * Hears a rollout as it happens: hosts starting and finishing and every step in between. Console
 * progress, reports and journals are listeners; hooks are heard too ({@link HookObserver}); a listener that throws never stops a rollout.
 */
public interface RolloutListener extends StepObserver, HookObserver {

  /** A batch begins; {@code index} counts from 0, the canary. */
  default void batchStarted(int index, int batches, java.util.List<Host> hosts) {}

  /** The budget was breached; reverting per policy follows. */
  default void halted(String reason) {}

  /** An upgraded host is being taken back to its old binary after a breach. */
  default void revertStarted(Host host) {}

  default void revertFinished(Host host, UpgradeOutcome outcome) {}

  /** Waiting between batches, or stopping for {@code fleet resume}. */
  default void pausing(String why) {}

  default void hostStarted(Host host) {}

  default void hostFinished(Host host, UpgradeOutcome outcome) {}

  default void rolloutFinished(RolloutResult result) {}
}
