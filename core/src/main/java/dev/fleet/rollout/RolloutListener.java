package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.StepObserver;
import dev.fleet.nginx.UpgradeOutcome;

/**
 * Hears a rollout as it happens: hosts starting and finishing and every step in between. Console
 * progress, reports and journals are listeners; a listener that throws never stops a rollout.
 */
public interface RolloutListener extends StepObserver {

  default void hostStarted(Host host) {}

  default void hostFinished(Host host, UpgradeOutcome outcome) {}

  default void rolloutFinished(RolloutResult result) {}
}
