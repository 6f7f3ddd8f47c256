package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.ProbeMode;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.transport.TransportException;
import java.util.Optional;

/**
 * Preflight for {@code fleet rollback}: the same checks as an upgrade's, and a backup
 * ({@code <binary>.fleet-backup}) to go back to, whose sha256 becomes the target.
 */
public final class RollbackPreflight implements UpgradeStep<Unchecked, Checked> {

  @Override
  public String name() {
    return "preflight";
  }

  @Override
  public Phase phase() {
    return Phase.CHECK;
  }

  @Override
  public Checked apply(HostSession session, Unchecked in) throws TransportException, StepFailure {
    return Preflight.check(
        session,
        ProbeMode.DIGESTS,
        (s, snap) ->
            Optional.of(
                snap.backupDigest()
                    .orElseThrow(() -> new StepFailure("there is no " + s.paths().backup() + " to roll back to"))),
        "");
  }

  @Override
  public void undo(HostSession session, Unchecked in) {
    // Preflight changes nothing.
  }
}
