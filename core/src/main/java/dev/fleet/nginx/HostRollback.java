package dev.fleet.nginx;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connector;

/**
 * {@code fleet rollback} on one host: the on-the-fly upgrade back to {@code <binary>.fleet-backup}
 * (USR2, WINCH, verify, QUIT), with the binary it replaces kept as the new backup, so a second
 * rollback undoes the first. A host without a backup is refused; one already running it is
 * reported as already current.
 */
public final class HostRollback {
  private HostRollback() {}

  public static UpgradeOutcome run(
      Connector connector, Host host, UpgradeTimeouts timeouts, StepObserver observer)
      throws InterruptedException {
    return HostUpgrade.rollback(observer).connectAndRun(connector, host, null, timeouts);
  }
}
