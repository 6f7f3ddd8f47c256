package dev.fleet.rollout;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.HostUpgrade;
import dev.fleet.nginx.NewBinary;
import dev.fleet.nginx.UpgradeContext;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.UpgradeTimeouts;
import dev.fleet.transport.Connection;
import dev.fleet.transport.Connector;
import dev.fleet.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the upgrade over hosts, one after another, with one connection per host. The first host
 * that does not end upgraded stops the rollout: no further host is touched.
 */
public final class Rollout {
  private final Connector connector;
  private final UpgradeTimeouts timeouts;
  private final RolloutListener listener;

  public Rollout(Connector connector, UpgradeTimeouts timeouts, RolloutListener listener) {
    this.connector = connector;
    this.timeouts = timeouts;
    this.listener = listener;
  }

  public RolloutResult run(List<Host> hosts, NewBinary binary) throws InterruptedException {
    long started = System.nanoTime();
    List<UpgradeOutcome> outcomes = new ArrayList<>();
    List<String> notReached = new ArrayList<>();
    for (Host host : hosts) {
      if (outcomes.stream().anyMatch(o -> !o.succeeded())) {
        notReached.add(host.name());
        continue;
      }
      listener.hostStarted(host);
      UpgradeOutcome outcome = upgrade(host, binary);
      outcomes.add(outcome);
      listener.hostFinished(host, outcome);
    }
    RolloutResult result =
        new RolloutResult(outcomes, notReached, Duration.ofNanos(System.nanoTime() - started));
    listener.rolloutFinished(result);
    return result;
  }

  private UpgradeOutcome upgrade(Host host, NewBinary binary) throws InterruptedException {
    long started = System.nanoTime();
    listener.stepStarted(host.name(), "connect");
    try (Connection connection = connector.connect(host)) {
      listener.stepSucceeded(host.name(), "connect", Duration.ofNanos(System.nanoTime() - started));
      return new HostUpgrade(listener)
          .run(new UpgradeContext(host, connection, binary, timeouts).reconnectingWith(connector));
    } catch (TransportException e) {
      listener.stepFailed(host.name(), "connect", e.getMessage());
      return new UpgradeOutcome(
          host.name(),
          UpgradeOutcome.Status.REFUSED,
          "connect",
          e.getMessage(),
          Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
