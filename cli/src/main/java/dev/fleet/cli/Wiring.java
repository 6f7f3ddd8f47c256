package dev.fleet.cli;

import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.rollout.HostRecoverer;
import dev.fleet.rollout.HostReverter;
import java.time.Duration;

/** Connects the rollout's seams to the engine. */
final class Wiring {
  private Wiring() {}

  // Interim: the engine's revert and recovery procedures land next; until then a host that
  // would need them is reported for attention rather than touched by untested code.
  static HostReverter reverter() {
    return (host, connection) ->
        new UpgradeOutcome(
            host.name(), UpgradeOutcome.Status.NEEDS_ATTENTION, "revert",
            "automatic revert is not available yet in this build", Duration.ZERO);
  }

  static HostRecoverer recoverer() {
    return (host, connection, binary, timeouts) ->
        new UpgradeOutcome(
            host.name(), UpgradeOutcome.Status.NEEDS_ATTENTION, "recover",
            "left half-way by a dead controller; recovery is not available yet in this build", Duration.ZERO);
  }
}
