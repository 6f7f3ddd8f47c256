package dev.fleet.nginx;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * Uploads the new binary beside the old one, checks its digest and config test on the host, keeps
 * a backup and renames the new file into place: the running file is never written over.
 */
final class StageBinary implements UpgradeStep {

  @Override
  public String name() {
    return "stage";
  }

  @Override
  public void apply(UpgradeContext ctx) throws TransportException, StepFailure {
    ctx.connection.upload(ctx.newBinary.file(), ctx.stagedPath(), true);
    List<String> args =
        new ArrayList<>(
            List.of(ctx.stagedPath(), ctx.binary(), ctx.newBinary.sha256(), ctx.backupPath()));
    args.addAll(MasterArguments.parse(ctx.oldMaster.masterArguments()));
    CommandResult result = ctx.run("stage", "stage.sh", args);
    if (!result.ok()) {
      throw new StepFailure(Privilege.explain(result));
    }
    ctx.newVersion = Preflight.field(result.stdout(), "version");
  }

  @Override
  public void undo(UpgradeContext ctx) throws TransportException, StepFailure {
    CommandResult result =
        ctx.run(
            "restore",
            "restore.sh",
            List.of(ctx.binary(), ctx.backupPath(), ctx.stagedPath(), ctx.oldSha256));
    if (!result.ok()) {
      throw new StepFailure("could not restore " + ctx.binary() + ": " + Privilege.explain(result));
    }
  }
}
