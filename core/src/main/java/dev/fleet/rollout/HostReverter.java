package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.transport.Connection;

/** Takes an upgraded host back to the binary it had before, by the same safe procedure. */
public interface HostReverter {
  UpgradeOutcome revert(Host host, Connection connection) throws InterruptedException;
}
