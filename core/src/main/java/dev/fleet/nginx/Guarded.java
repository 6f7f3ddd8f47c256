package dev.fleet.nginx;

import dev.fleet.nginx.probe.StepFailure;
import dev.fleet.nginx.step.AlreadyCurrent;
import dev.fleet.nginx.step.HostSession;
import dev.fleet.nginx.step.Learned;
import dev.fleet.nginx.step.Preflighted;
import dev.fleet.nginx.step.Staged;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link HostGuard} as the procedure's steps see it: entering and leaving are reported like
 * steps ("lock", "unlock"), and a guard that cannot be left (the lock stays) is said, never fatal:
 * the host itself is as the outcome says.
 */
final class Guarded {
  static final String ENTER = "lock";
  static final String LEAVE = "unlock";

  private final HostGuard guard;
  private final StepObserver observer;
  private final String host;

  Guarded(HostGuard guard, StepObserver observer, String host) {
    this.guard = guard;
    this.observer = observer;
    this.host = host;
  }

  /** Empty to go on; else the reason the host is refused untouched. */
  Optional<String> enter(Connection connection) {
    if (guard == HostGuard.NONE) {
      return Optional.empty();
    }
    long started = System.nanoTime();
    observer.stepStarted(host, ENTER);
    Optional<String> refusal;
    try {
      refusal = guard.enter(connection);
    } catch (TransportException | StepFailure e) {
      refusal = Optional.of(e.getMessage());
    }
    if (refusal.isPresent()) {
      observer.stepFailed(host, ENTER, refusal.get());
    } else {
      observer.stepSucceeded(host, ENTER, Duration.ofNanos(System.nanoTime() - started));
    }
    return refusal;
  }

  /**
   * Leaves over the connection the procedure used, or a fresh one when that one broke: a host
   * recovered after an outage must still get its lock released and its history written.
   */
  void leave(
      Connector connector, Connection original, HostSession session, UpgradeOutcome outcome, HostGuard.BinaryChange change) {
    if (guard == HostGuard.NONE) {
      return;
    }
    long started = System.nanoTime();
    observer.stepStarted(host, LEAVE);
    try {
      if (original.isOpen()) {
        guard.leave(original, outcome, change);
      } else {
        try (Connection again = connector.reconnect(session.host(), session.timeouts().reconnect())) {
          guard.leave(again, outcome, change);
        }
      }
      observer.stepSucceeded(host, LEAVE, Duration.ofNanos(System.nanoTime() - started));
    } catch (TransportException | StepFailure e) {
      observer.stepFailed(host, LEAVE, e.getMessage() + " (the host's lock stays until released)");
    }
  }

  /**
   * What the procedure changed as far as it got ({@code learned}), for the host's history and the
   * after_host hook. {@code target}: what the caller knows is being installed, when nothing learned
   * says it.
   */
  static HostGuard.BinaryChange change(Learned learned, Optional<String> target) {
    if (learned instanceof AlreadyCurrent current) {
      return new HostGuard.BinaryChange("", current.runningSha256(), "", current.runningSha256());
    }
    Optional<Preflighted> pre = learned.preflight();
    return new HostGuard.BinaryChange(
        pre.flatMap(Preflighted::oldVersion).orElse(""),
        pre.map(Preflighted::oldSha256).orElse(""),
        learned.stage().flatMap(Staged::newVersion).orElse(""),
        pre.flatMap(Preflighted::targetSha256).or(() -> target).orElse(""));
  }
}
