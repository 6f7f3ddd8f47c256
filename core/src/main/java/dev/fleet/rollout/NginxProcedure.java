package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.HostGuard;
import dev.fleet.nginx.HostRecovery;
import dev.fleet.nginx.HostUpgrade;
import dev.fleet.nginx.InsideLock;
import dev.fleet.nginx.StepObserver;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.lock.HostLock;
import dev.fleet.nginx.lock.HostLockAndHistory;
import dev.fleet.nginx.probe.HostState;
import dev.fleet.nginx.step.NewBinary;
import dev.fleet.nginx.step.UpgradeTimeouts;
import dev.fleet.transport.Connector;
import java.util.Optional;

/** The nginx procedures, upgrade or rollback, as the run engine sees them: under the host's lock. */
record NginxProcedure(Kind kind, NewBinary binary, UpgradeTimeouts timeouts, HostLock.Owner owner)
    implements HostProcedure {

  private HostGuard guard(Host host) {
    return new HostLockAndHistory(host, owner, kind.name().toLowerCase(java.util.Locale.ROOT));
  }

  private HostUpgrade steps(StepObserver observer) {
    return kind == Kind.UPGRADE ? new HostUpgrade(observer) : HostUpgrade.rollback(observer);
  }

  @Override
  public UpgradeOutcome run(Connector connector, Host host, StepObserver observer, InsideLock inside)
      throws InterruptedException {
    return steps(observer).connectAndRun(connector, host, binary, timeouts, guard(host), inside);
  }

  @Override
  public Recovered recover(Connector connector, Host host, Optional<String> recordedTarget, StepObserver observer)
      throws InterruptedException {
    HostRecovery recovery = steps(observer).recovery();
    Optional<String> target = binary != null ? Optional.of(binary.sha256()) : recordedTarget;
    UpgradeOutcome outcome =
        recovery.bringToSafeState(connector, host, binary, target, timeouts, HostRecovery.Goal.FINISH_OR_ROLL_BACK, guard(host));
    boolean untouched =
        outcome.status() == UpgradeOutcome.Status.ROLLED_BACK
            && recovery.observedState().filter(s -> s == HostState.RUNNING || s == HostState.STAGED).isPresent();
    return new Recovered(outcome, untouched);
  }
}
