package dev.fleet.nginx;

import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.transport.Connection;
import dev.fleet.transport.TransportException;
import java.util.Optional;

/**
 * What surrounds one host's procedure on the host itself, over the procedure's own connection:
 * entered before anything changes there, left once the procedure has ended, however it ended.
 * {@code lock.HostLockAndHistory} is the one fleet runs with: the host's lock and its history.
 */
public interface HostGuard {
  HostGuard NONE = new HostGuard() {};

  /** Empty to go on; else why the host must not be touched (another run holds it). */
  default Optional<String> enter(Connection connection) throws TransportException, StepFailure {
    return Optional.empty();
  }

  /** The procedure ended with {@code outcome}, having changed {@code change} (if it got that far). */
  default void leave(Connection connection, UpgradeOutcome outcome, BinaryChange change)
      throws TransportException, StepFailure {}

  /** What the procedure was installing: versions as nginx -v says them, and the sha256s. */
  record BinaryChange(String fromVersion, String fromSha256, String toVersion, String toSha256) {}
}
