package dev.fleet.nginx;

import dev.fleet.transport.TransportException;

/**
 * Preflight for {@code fleet rollback}: the same checks as an upgrade's, and a backup
 * ({@code <binary>.fleet-backup}) to go back to, whose sha256 becomes the target.
 */
final class RollbackPreflight implements UpgradeStep {

  @Override
  public String name() {
    return "preflight";
  }

  @Override
  public Phase phase() {
    return Phase.CHECK;
  }

  @Override
  public void apply(UpgradeContext ctx) throws TransportException, StepFailure {
    String look = ctx.probe.withHostFacts(ProbeMode.DIGESTS);
    NginxSnapshot snap = NginxSnapshot.parse(look);
    ProcessEntry master = Preflight.soleMaster(ctx, snap);
    String running = Preflight.checkBinary(ctx, snap, master);
    ctx.targetSha256 =
        snap.backupDigest()
            .orElseThrow(() -> new StepFailure("there is no " + ctx.backupPath() + " to roll back to"));
    ctx.oldMaster = master;
    ctx.oldSha256 = running;
    ctx.alreadyCurrent = running.equals(ctx.targetSha256);
    ctx.expectedWorkers = snap.activeWorkersOf(master.pid()).size();
    if (ctx.expectedWorkers == 0) {
      throw new StepFailure("the master " + master.pid() + " has no workers");
    }
    if (!ctx.alreadyCurrent) {
      Preflight.checkHostFits(ctx, look);
    }
    Preflight.recordHealth(ctx, look);
  }

  @Override
  public void undo(UpgradeContext ctx) {
    // Preflight changes nothing.
  }
}
