package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.nginx.script.MasterArguments;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends the new binary beside the old one, checks its digest and config test on the host, keeps a
 * backup and renames the new file into place, all in one command (stage.sh reads the file on its
 * stdin): the running file is never written over.
 */
public final class StageBinary implements UpgradeStep<Preflighted, Staged> {

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
    NewBinary binary = session.newBinary().orElseThrow();
    BinaryPaths paths = session.paths();
    List<String> args =
        new ArrayList<>(List.of(paths.staged(), paths.binary(), binary.sha256(), paths.backup()));
    args.add(binary.pulled() ? binary.url().toString() : "-");
    args.add(binary.pulled() ? ElfMachine.machinesFor(in.hostArch().orElse("")) : "");
    args.add(paths.digestMemo());
    args.addAll(MasterArguments.parse(in.oldMaster().masterArguments()));
    RemoteCommand stage = new RemoteCommand(Scripts.stage(), args, true, "stage");
    CommandResult result =
        binary.pulled()
            // The header (or nothing) is the whole stdin: it never appears in argv or a transcript.
            ? session.connection().runWithSecret(
                stage, binary.authHeader().map(a -> a.headerLine() + "\n").orElse(""), PULL_DEADLINE)
            : session.connection().run(stage, binary.file(), deadline(binary.size()));
    if (result.exitStatus() == NOTHING_INSTALLED) {
      throw new DownloadRefused(Privilege.explain(result));
    }
    if (!result.ok()) {
      throw new StepFailure(Privilege.explain(result));
    }
    String version = Preflight.field(result.stdout(), "version");
    return new Staged(in, binary.sha256(), version.isEmpty() ? Optional.empty() : Optional.of(version));
  }

  /** stage.sh's exit status when the download or its checks failed: nothing was put in place. */
  static final int NOTHING_INSTALLED = 4;

  /**
   * A download of a size nobody here knows: ten minutes is 20 MB at 300 kbit/s. The client's own
   * connect timeout (30 s) makes an unreachable server fail long before.
   */
  static final Duration PULL_DEADLINE = Duration.ofMinutes(10);

  /** The host refused the download (HTTP error, unreachable, sha256 or CPU differs): nothing changed. */
  public static final class DownloadRefused extends StepFailure {
    DownloadRefused(String message) {
      super(message);
    }
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
  public void undo(HostSession session, Preflighted in) throws TransportException, StepFailure {
    BinaryPaths paths = session.paths();
    CommandResult result =
        session.run(
            "restore",
            Scripts.load("restore.sh"),
            List.of(paths.binary(), paths.backup(), paths.staged(), in.oldSha256()));
    if (!result.ok()) {
      throw new StepFailure("could not restore " + paths.binary() + ": " + Privilege.explain(result));
    }
  }
}
