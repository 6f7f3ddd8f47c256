package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import dev.fleet.rollout.WarmConnectionsTest.CountingConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
        inventory, UpgradeOverrides.none(), null, false);
  }

  /** Only fails a hang; no assertion depends on how long anything takes. */
  private static final Duration HANG = Duration.ofMinutes(1);

  /**
   * Declines; records which hosts the run had started connecting to when it was asked and, when
   * there is one, waits for that connect to reach the connector (it runs on another thread).
   */
  private static final class Declining implements RunController.PlanListener {
    final boolean asks;
    final CountingConnector connector;
    RunController controller;
    volatile List<String> aheadWhenAsked;
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
      aheadWhenAsked = controller.connectedAhead();
      // Started before this call, so it arrives while the plan is still being reported.
      for (String host : aheadWhenAsked) {
        awaitTrue(() -> connector.connects(host) > 0, "the connect ahead to " + host);
      }
      connectsSeen.set(connector.connects("web1"));
      return false;
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "hung waiting for " + what);
      Thread.onSpinWait();
    }
  }

  private RunController controller(CountingConnector connector, Declining plan) {
    RunController controller = new RunController(connector, new RolloutListener() {}, Optional.of(dir.resolve("state")));
    plan.controller = controller;
    return controller;
  }

  @Test
  void withNobodyToAskTheFirstBatchIsConnectedToBeforeThePlanIsReported() throws Exception {
    CountingConnector connector = new CountingConnector();
    Declining plan = new Declining(false, connector);
    assertThrows(RunController.DeclinedException.class, () -> controller(connector, plan).upgrade(request(), plan));
    assertEquals(List.of("web1"), plan.aheadWhenAsked, "only the first batch, connected to while the run was prepared");
    assertEquals(1, plan.connectsSeen.get(), "web1 connected to while the run was being prepared");
    assertEquals(0, connector.connects("web2"), "only the first batch");
    assertEquals(0, connector.connects("web3"));
    assertEquals(0, connector.connects("web4"));
    // A connect still under way when the run ends is closed as soon as it is up.
    awaitTrue(
        () -> connector.opened.size() == 1 && connector.opened.stream().noneMatch(c -> c.open),
        "the declined run to close what it opened: " + connector.opened.size() + " opened");
  }

  @Test
  void whileAnOperatorIsAskedNoHostIsConnectedTo() throws Exception {
    CountingConnector connector = new CountingConnector();
    Declining plan = new Declining(true, connector);
    RunController controller = controller(connector, plan);
    assertThrows(RunController.DeclinedException.class, () -> controller.upgrade(request(), plan));
    // No connect was started, so none can still arrive later: no waiting for one that never comes.
    assertEquals(List.of(), plan.aheadWhenAsked);
    assertEquals(List.of(), controller.connectedAhead());
    assertEquals(0, plan.connectsSeen.get());
    assertTrue(connector.connects.isEmpty(), connector.connects.toString());
  }

  @Test
  void aRunThatCannotTakeTheLockConnectsToNoHost() throws Exception {
    CountingConnector connector = new CountingConnector();
    Declining plan = new Declining(false, connector);
    RunController controller = controller(connector, plan);
    RunController.Request request = request();
    try (RunLock held = RunLock.acquire(dir.resolve("state"), "other-run", false)) {
      assertThrows(RunLock.HeldException.class, () -> controller.upgrade(request, plan));
    }
    assertEquals(List.of(), controller.connectedAhead(), "a connect ahead was started");
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
