package dev.fleet.nginx;

import java.util.Optional;

/**
 * What runs on the controller while a host's lock is held: entered once the lock is taken, left
 * before it is released, so another controller's run on the same host can never come between
 * the two (a host drained by one run is not put back by another run that the lock refused).
 * fleet's run engine puts a host's before_host and after_host hooks here.
 */
public interface InsideLock {
  InsideLock NOTHING =
      new InsideLock() {
        @Override
        public Optional<String> enter() {
          return Optional.empty();
        }

        @Override
        public void leave(UpgradeOutcome outcome, HostGuard.BinaryChange change) {}
      };

  /** Empty to go on; else why the host is refused before anything on it is changed. */
  Optional<String> enter() throws InterruptedException;

  /** The step a refusal is reported as. */
  default String step() {
    return "inside-lock";
  }

  /**
   * The procedure ended with {@code outcome}, changing {@code change} (if it got that far). Called
   * whenever {@link #enter} was, refused or not: a before_host that failed half-way may have
   * drained the host already, and its after_host puts it back.
   */
  void leave(UpgradeOutcome outcome, HostGuard.BinaryChange change) throws InterruptedException;
}
