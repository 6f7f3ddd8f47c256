package dev.fleet.nginx;

import dev.fleet.inventory.Host;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.time.Duration;

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
    long started = System.nanoTime();
    observer.stepStarted(host.name(), "connect");
    try (Connection connection = connector.connect(host)) {
      observer.stepSucceeded(host.name(), "connect", Duration.ofNanos(System.nanoTime() - started));
      UpgradeContext ctx = new UpgradeContext(host, connection, null, timeouts).reconnectingWith(connector);
      return HostUpgrade.rollback(observer).run(ctx);
    } catch (TransportException e) {
      observer.stepFailed(host.name(), "connect", e.getMessage());
      return new UpgradeOutcome(
          host.name(), UpgradeOutcome.Status.REFUSED, "connect", e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
