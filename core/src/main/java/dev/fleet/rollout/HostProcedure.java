package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.InsideLock;
import dev.fleet.nginx.StepObserver;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.lock.HostLock;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.transport.Connector;
import java.util.Optional;

/**
 * What a run does to each host. The run engine ({@link Rollout}, {@link RunController}) drives
 * batches, the budget, the journal and resume the same way whichever procedure it is given:
 * {@code fleet upgrade} and {@code fleet rollback} differ only here.
 */
public interface HostProcedure {

  /** Which procedure a journal recorded, so that resume drives the same one. */
  enum Kind {
    UPGRADE,
    ROLLBACK
  }

  Kind kind();

  /** Connects to {@code host} and runs the procedure; what the host showed is in the outcome. */
  default UpgradeOutcome run(Connector connector, Host host, StepObserver observer) throws InterruptedException {
    return run(connector, host, observer, InsideLock.NOTHING);
  }

  /** As above, with {@code inside} run while the host's lock is held (the host's hooks). */
  UpgradeOutcome run(Connector connector, Host host, StepObserver observer, InsideLock inside) throws InterruptedException;

  /**
   * Brings a host this procedure was caught in flight on (its controller died, or the host could
   * not be reached) to a safe state, judging by what the host shows now. {@code recordedTarget}:
   * the sha256 the interrupted run recorded it was installing there, if it got that far.
   */
  Recovered recover(Connector connector, Host host, Optional<String> recordedTarget, StepObserver observer)
      throws InterruptedException;

  /**
   * @param untouched no new master was ever up: the host was only put back as it was, and the
   *     run may simply run the procedure on it again
   */
  record Recovered(UpgradeOutcome outcome, boolean untouched) {}

  /** The on-the-fly upgrade to {@code binary}, under each host's lock, recorded in its history. */
  static HostProcedure upgrade(NewBinary binary, UpgradeTimeouts timeouts, HostLock.Owner owner) {
    return new NginxProcedure(Kind.UPGRADE, binary, timeouts, owner);
  }

  /** The same upgrade back to each host's kept backup binary. */
  static HostProcedure rollback(UpgradeTimeouts timeouts, HostLock.Owner owner) {
    return new NginxProcedure(Kind.ROLLBACK, null, timeouts, owner);
  }
}
