package dev.fleet.nginx;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage for {@code fleet rollback}: the backup is config-tested with the master's own arguments
 * and renamed into place, and the binary it displaces becomes the backup. Its way back is the same
 * swap towards the binary the old master runs.
 */
final class StageBackup implements UpgradeStep {

  @Override
  public String name() {
    return "stage";
  }

  @Override
  public Phase phase() {
    return Phase.STAGE;
  }

  @Override
  public void apply(UpgradeContext ctx) throws TransportException, StepFailure {
    ctx.newVersion = swap(ctx, ctx.targetSha256, true);
  }

  @Override
  public void undo(UpgradeContext ctx) throws TransportException, StepFailure {
    swap(ctx, ctx.oldSha256, false);
  }

  private static String swap(UpgradeContext ctx, String want, boolean test)
      throws TransportException, StepFailure {
    List<String> args =
        new ArrayList<>(
            List.of(ctx.binary(), ctx.backupPath(), ctx.stagedPath(), want, test ? "test" : "no-test"));
    args.addAll(MasterArguments.parse(ctx.oldMaster.masterArguments()));
    CommandResult result = ctx.run(test ? "stage-backup" : "restore", Scripts.swapBackup(), args);
    if (!result.ok()) {
      throw new StepFailure(
          (test ? "" : "could not restore " + ctx.binary() + ": ") + Privilege.explain(result));
    }
    return Preflight.field(result.stdout(), "version");
  }
}
