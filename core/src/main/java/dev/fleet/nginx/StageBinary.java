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
    try {
      ctx.connection.upload(ctx.newBinary.file(), ctx.stagedPath(), true);
    } catch (TransportException e) {
      if (e.retryable()) {
        throw e;
      }
      // SFTP says only "Failure" when the disk is full: say how much room there was.
      CommandResult facts = ctx.run("facts", "facts.sh", List.of(ctx.binary()));
      String avail = Preflight.field(facts.stdout(), "avail");
      throw new StepFailure(e.getMessage() + (avail.isEmpty() ? "" : " (" + avail + " KiB free there now)"));
    }
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
