package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.NewBinary;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.UpgradeTimeouts;
import dev.fleet.transport.Connection;

/**
 * Brings a host a dead controller left half-way to a safe state, judging only by what the host
 * shows: committed on the new binary once verified, or back on its old master and binary.
 */
public interface HostRecoverer {
  UpgradeOutcome recover(Host host, Connection connection, NewBinary binary, UpgradeTimeouts timeouts)
      throws InterruptedException;
}
