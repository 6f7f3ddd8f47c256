package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.nginx.script.MasterArguments;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage for {@code fleet rollback}: the backup is config-tested with the master's own arguments
 * and renamed into place, and the binary it displaces becomes the backup. Its way back is the same
 * swap towards the binary the old master runs.
 */
public final class StageBackup implements UpgradeStep<Preflighted, Staged> {

  @Override
  public String name() {
    return "stage";
  }

  @Override
  public Phase phase() {
    return Phase.STAGE;
  }

  @Override
  public Staged apply(HostSession session, Preflighted in) throws TransportException, StepFailure {
    // Rollback's preflight reads the backup's sha256 or refuses the host.
    String backup = in.targetSha256().orElseThrow(() -> new StepFailure("no backup to roll back to was found"));
    String version = swap(session, in, backup, true);
    return new Staged(in, backup, version.isEmpty() ? Optional.empty() : Optional.of(version));
  }

  @Override
  public void undo(HostSession session, Preflighted in) throws TransportException, StepFailure {
    swap(session, in, in.oldSha256(), false);
  }

  private static String swap(HostSession session, Preflighted in, String want, boolean test)
      throws TransportException, StepFailure {
    BinaryPaths paths = session.paths();
    List<String> args =
        new ArrayList<>(
            List.of(paths.binary(), paths.backup(), paths.staged(), want, test ? "test" : "no-test"));
    args.addAll(MasterArguments.parse(in.oldMaster().masterArguments()));
    CommandResult result = session.run(test ? "stage-backup" : "restore", Scripts.swapBackup(), args);
    if (!result.ok()) {
      throw new StepFailure(
          (test ? "" : "could not restore " + paths.binary() + ": ") + Privilege.explain(result));
    }
    return Preflight.field(result.stdout(), "version");
  }
}
