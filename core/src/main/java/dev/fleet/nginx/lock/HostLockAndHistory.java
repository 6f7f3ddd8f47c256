package dev.fleet.nginx.lock;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.HostGuard;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.script.BinaryPaths;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.Connection;
import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The host's lock, taken before a procedure changes anything and released once the host is safe
 * (upgraded, rolled back or refused); a host that needs attention keeps it, so that no other run
 * touches it before a person or this run's resume has. What was done is appended to the host's
 * history whenever the procedure got past its checks.
 */
public final class HostLockAndHistory implements HostGuard {
  /** leave.sh's exit when the history entry could not be written (the lock then stays). */
  private static final int LEAVE_NO_HISTORY = 3;

  private final Host host;
  private final HostLock.Owner owner;
  private final String procedure;

  /** {@code procedure}: "upgrade" or "rollback", for the history. */
  public HostLockAndHistory(Host host, HostLock.Owner owner, String procedure) {
    this.host = host;
    this.owner = owner;
    this.procedure = procedure;
  }

  @Override
  public Optional<String> enter(Connection connection) throws TransportException, StepFailure {
    return HostLock.take(connection, host, owner).map(h -> "the host is locked by " + h.describe() + "; nothing was touched");
  }

  /**
   * One request (leave.sh): the history entry when the procedure got past its checks, then the
   * lock's release unless the host needs attention. A lock another run holds by now is its own.
   */
  @Override
  public void leave(Connection connection, UpgradeOutcome outcome, BinaryChange change)
      throws TransportException, StepFailure {
    boolean changedSomething =
        outcome.status() != UpgradeOutcome.Status.REFUSED && outcome.status() != UpgradeOutcome.Status.ALREADY_CURRENT;
    boolean release = outcome.status() != UpgradeOutcome.Status.NEEDS_ATTENTION;
    List<String> args =
        new ArrayList<>(List.of(release ? "release" : "keep", BinaryPaths.STATE_DIR, host.nginx().binary(), owner.run()));
    if (changedSomething) {
      args.addAll(
          new HostHistory.Entry(
                  Instant.now().toString(),
                  owner.run(),
                  owner.controller(),
                  procedure,
                  change.fromVersion(),
                  change.fromSha256(),
                  change.toVersion(),
                  change.toSha256(),
                  outcome.status().name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .fields());
    }
    CommandResult result = connection.run(new RemoteCommand(Scripts.leave(), args, true, "unlock"), HostLock.WAIT);
    if (result.exitStatus() == LEAVE_NO_HISTORY) {
      throw new StepFailure("could not append to the host's history: " + Privilege.explain(result));
    }
  }
}
