package dev.fleet.nginx;

import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the new binary beside the old one, checks its digest and config test on the host, keeps a
 * backup and renames the new file into place, all in one command (stage.sh reads the file on its
 * stdin): the running file is never written over.
 */
final class StageBinary implements UpgradeStep {

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
    List<String> args =
        new ArrayList<>(
            List.of(ctx.stagedPath(), ctx.binary(), ctx.newBinary.sha256(), ctx.backupPath()));
    args.addAll(MasterArguments.parse(ctx.oldMaster.masterArguments()));
    CommandResult result =
        ctx.connection.run(
            new RemoteCommand(Scripts.stage(), args, true, "stage"),
            ctx.newBinary.file(),
            deadline(ctx.newBinary.size()));
    if (!result.ok()) {
      throw new StepFailure(Privilege.explain(result));
    }
    ctx.newVersion = Preflight.field(result.stdout(), "version");
  }

  /**
   * A minute for the checks plus 4 s per MiB sent: the upload is part of the command, and a host
   * behind a 2 Mbit/s link must still receive it. Past it the host stops the command, and
   * stage's way back (restore.sh) removes the upload and makes the binary path hold what runs.
   */
  static Duration deadline(long bytes) {
    return Duration.ofSeconds(60 + 4 * (bytes >> 20));
  }

  @Override
  public void undo(UpgradeContext ctx) throws TransportException, StepFailure {
    CommandResult result =
        ctx.run(
            "restore",
            Scripts.load("restore.sh"),
            List.of(ctx.binary(), ctx.backupPath(), ctx.stagedPath(), ctx.oldSha256));
    if (!result.ok()) {
      throw new StepFailure("could not restore " + ctx.binary() + ": " + Privilege.explain(result));
    }
  }
}
