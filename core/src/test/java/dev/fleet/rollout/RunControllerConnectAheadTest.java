package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.rollout.WarmConnectionsTest.CountingConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When a run connects to its first batch: once the lock is held, while the binary is hashed and
 * the journal opened, unless an operator is asked first. Pure logic: the connector only counts;
 * every plan is declined, so no host is ever upgraded.
 */
class RunControllerConnectAheadTest {
  @TempDir Path dir;

  private RunController.Request request() throws Exception {
    Path binary = Files.writeString(dir.resolve("nginx-new"), "new");
    Path inventory =
        Files.writeString(
            dir.resolve("inventory.yml"),
            "upgrade:\n  binary: " + binary + "\n  batches: [1, 100%]\n  parallel: 5\n"
                + "defaults:\n  ssh:\n    host_key_policy: accept-new\n    known_hosts: " + dir.resolve("known_hosts") + "\n"
                + "groups:\n  web:\n    hosts:\n"
                + "      web1: { address: 127.0.0.1 }\n      web2: { address: 127.0.0.2 }\n"
                + "      web3: { address: 127.0.0.3 }\n      web4: { address: 127.0.0.4 }\n");
    return new RunController.Request(
        inventory, new UpgradeOverrides(null, null, null, null, null, null, null, null, null, null), null, false);
  }

  /** Declines; says whether web1 had been connected to by the time it was asked. */
  private static final class Declining implements RunController.PlanListener {
    final boolean asks;
    final CountingConnector connector;
    final AtomicInteger connectsSeen = new AtomicInteger(-1);

    Declining(boolean asks, CountingConnector connector) {
      this.asks = asks;
      this.connector = connector;
    }

    @Override
    public boolean asksFirst() {
      return asks;
    }

    @Override
    public boolean planned(RunPlan plan) {
      // Connecting ahead is asynchronous: give it time to begin (or, when asked, time to wrongly begin).
      long deadline = System.nanoTime() + (asks ? 300 : 10_000) * 1_000_000L;
      while (connector.connects("web1") == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      connectsSeen.set(connector.connects("web1"));
      return false;
    }
  }

  private RunController controller(CountingConnector connector) {
    return new RunController(connector, new RolloutListener() {}, Optional.of(dir.resolve("state")));
  }

  @Test
  void withNobodyToAskTheFirstBatchIsConnectedToBeforeThePlanIsReported() throws Exception {
    CountingConnector connector = new CountingConnector();
    Declining plan = new Declining(false, connector);
    assertThrows(RunController.DeclinedException.class, () -> controller(connector).upgrade(request(), plan));
    assertEquals(1, plan.connectsSeen.get(), "web1 connected to while the run was being prepared");
    assertEquals(0, connector.connects("web2"), "only the first batch");
    assertEquals(0, connector.connects("web3"));
    assertEquals(0, connector.connects("web4"));
    // A connect still under way when the run ends is closed as soon as it is up.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (connector.opened.stream().anyMatch(c -> c.open) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, connector.opened.size());
    assertTrue(connector.opened.stream().noneMatch(c -> c.open), "a declined run closes what it opened");
  }

  @Test
  void whileAnOperatorIsAskedNoHostIsConnectedTo() throws Exception {
    CountingConnector connector = new CountingConnector();
    Declining plan = new Declining(true, connector);
    assertThrows(RunController.DeclinedException.class, () -> controller(connector).upgrade(request(), plan));
    assertEquals(0, plan.connectsSeen.get());
    assertTrue(connector.connects.isEmpty(), connector.connects.toString());
  }

  @Test
  void aRunThatCannotTakeTheLockConnectsToNoHost() throws Exception {
    CountingConnector connector = new CountingConnector();
    RunController.Request request = request();
    try (RunLock held = RunLock.acquire(dir.resolve("state"), "other-run", false)) {
      assertThrows(
          RunLock.HeldException.class, () -> controller(connector).upgrade(request, new Declining(false, connector)));
    }
    Thread.sleep(200);
    assertTrue(connector.connects.isEmpty(), connector.connects.toString());
    assertFalse(connector.opened.stream().anyMatch(c -> c.open));
  }

  /** At most one connect per core ahead of the batch, never more than the batch or --parallel. */
  @ParameterizedTest
  @CsvSource({
    // first batch, parallel, cores, connected ahead
    "1, 25, 2, 1",
    "5, 25, 2, 2",
    "100, 100, 2, 2",
    "100, 100, 8, 8",
    "100, 3, 8, 3",
    "4, 100, 1, 1"
  })
  void howManyHostsAreConnectedToAhead(int firstBatch, int parallel, int cores, int expected) {
    assertEquals(expected, RunController.connectAhead(firstBatch, parallel, cores));
  }
}
