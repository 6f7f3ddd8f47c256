package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.hooks.HookRun;
import dev.fleet.hooks.Hooks;
import dev.fleet.inventory.Amount;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.RollbackPolicy;
import dev.fleet.inventory.UpgradeHooks;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.step.UpgradeTimeouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What hooks do to the run's rules, against a scripted procedure (no host is touched) and real
 * {@code /bin/sh} hooks that write what they were told to files in the inventory's directory.
 */
class HookedRolloutRulesTest {
  @TempDir Path dir;

  @Test
  void aFailedBeforeBatchRefusesTheBatchAndTheProcedureNeverRunsThere() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    Hooks hooks = hooks(Map.of("before_batch", "[ \"$FLEET_BATCH\" != 2 ] || { echo 'change freeze'; exit 1; }"));

    RolloutResult result = rollout(policy("1,100%", 3, "5", RollbackPolicy.HOST), upgrade, upgrade, hooks).run(plan("1,100%", 3));

    assertEquals(List.of("web1"), upgrade.ran);
    assertEquals(RolloutResult.Status.COMPLETED_WITH_FAILURES, result.status(), result.toString());
    for (String name : List.of("web2", "web3")) {
      UpgradeOutcome o = outcome(result, name);
      assertEquals(UpgradeOutcome.Status.REFUSED, o.status());
      assertEquals("before_batch failed (exit 1): change freeze", o.reason());
    }
  }

  @Test
  void aFailedGateHaltsAndTheBatchPolicyRevertsThatBatchOnly() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    ScriptedProcedure revert = new ScriptedProcedure(HostProcedure.Kind.ROLLBACK, Map.of());
    Hooks hooks =
        hooks(
            Map.of(
                "after_batch", "[ \"$FLEET_BATCH\" != 2 ] || exit 3",
                "after_host", "echo \"$FLEET_HOST $FLEET_RESULT $FLEET_REVERT\" >> after.log"));

    RolloutResult result = rollout(policy("1,2,100%", 5, "0", RollbackPolicy.BATCH), upgrade, revert, hooks).run(plan("1,2,100%", 5));

    assertEquals(RolloutResult.Status.HALTED, result.status());
    assertEquals(List.of("web1", "web2", "web3"), upgrade.ran.stream().sorted().toList());
    assertEquals(List.of("web3", "web2"), revert.ran, "the batch that failed its gate, newest first; not the canary");
    assertEquals(List.of("web4", "web5"), result.notReached());
    assertTrue(Files.readAllLines(dir.resolve("after.log")).containsAll(List.of("web2 rolled-back 1", "web3 rolled-back 1")));
  }

  @Test
  void anUpgradedHostWhoseAfterHostFailsCountsAgainstTheBudget() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    Hooks hooks = hooks(Map.of("after_host", "echo 'pool api: 503'; exit 2"));

    RolloutResult result = rollout(policy("1,100%", 3, "0", RollbackPolicy.HOST), upgrade, upgrade, hooks).run(plan("1,100%", 3));

    assertEquals(RolloutResult.Status.HALTED, result.status(), "the canary failed");
    UpgradeOutcome web1 = outcome(result, "web1");
    assertEquals(UpgradeOutcome.Status.UPGRADED, web1.status());
    assertFalse(web1.succeeded());
    assertEquals("after_host failed (exit 2): pool api: 503", web1.reason());
    assertEquals(List.of("web2", "web3"), result.notReached());
  }

  @Test
  void aRevertWhoseBeforeHostFailsIsNotDoneAndTheRunNeedsAttention() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of("web2", UpgradeOutcome.Status.ROLLED_BACK));
    ScriptedProcedure revert = new ScriptedProcedure(HostProcedure.Kind.ROLLBACK, Map.of());
    Hooks hooks = hooks(Map.of("before_host", "[ \"$FLEET_REVERT\" = 0 ]"));

    RolloutResult result = rollout(policy("2", 2, "0", RollbackPolicy.BATCH), upgrade, revert, hooks).run(plan("2", 2));

    assertEquals(RolloutResult.Status.NEEDS_ATTENTION, result.status());
    assertEquals(List.of(), revert.ran, "a refused revert touches nothing");
    assertEquals(UpgradeOutcome.Status.REFUSED, result.reverted().get(0).status());
  }

  @Test
  void aResumedBatchWhoseGateNeverEndedIsJudgedBeforeTheNextBatch() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    ScriptedProcedure revert = new ScriptedProcedure(HostProcedure.Kind.ROLLBACK, Map.of());
    Hooks hooks = hooks(Map.of("after_batch", "echo \"$FLEET_BATCH\" >> gates.log; [ \"$FLEET_BATCH\" != 1 ]"));
    List<UpgradeOutcome> canaryDone =
        List.of(new UpgradeOutcome("web1", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO));

    RolloutResult result =
        rollout(policy("1,100%", 3, "0", RollbackPolicy.BATCH), upgrade, revert, hooks).run(plan("1,100%", 3), canaryDone);

    assertEquals(RolloutResult.Status.HALTED, result.status());
    assertEquals(List.of(), upgrade.ran, "no host of the next batch starts");
    assertEquals(List.of("web1"), revert.ran);
    assertEquals(List.of("1"), Files.readAllLines(dir.resolve("gates.log")));
  }

  @Test
  void aGateThatPassedBeforeTheResumeIsNotAskedAgain() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    Hooks hooks = hooks(Map.of("after_batch", "echo \"$FLEET_BATCH\" >> gates.log"));
    List<UpgradeOutcome> canaryDone =
        List.of(new UpgradeOutcome("web1", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO));

    RolloutResult result =
        rollout(policy("1,100%", 3, "0", RollbackPolicy.BATCH), upgrade, upgrade, hooks)
            .gatesPassed(java.util.Set.of(0))
            .run(plan("1,100%", 3), canaryDone);

    assertEquals(RolloutResult.Status.COMPLETED, result.status());
    assertEquals(List.of("2"), Files.readAllLines(dir.resolve("gates.log")));
  }

  private Hooks hooks(Map<String, String> commands) {
    HookRun run = new HookRun("r1", dir.resolve("inventory.yml"), "upgrade", 3, false, dir.resolve("run"));
    return new Hooks(new UpgradeHooks(commands, Duration.ofMinutes(2), dir), run, new RolloutListener() {});
  }

  private static RolloutPolicy policy(String batches, int hosts, String maxFailures, RollbackPolicy rollback) {
    List<List<Host>> plan = plan(batches, hosts);
    FailureBudget budget =
        FailureBudget.of(Amount.parse(maxFailures), Amount.parse("0"), plan.stream().map(List::size).toList());
    return new RolloutPolicy(UpgradeTimeouts.defaults(), 1, budget, Duration.ZERO, false, rollback);
  }

  private static Rollout rollout(RolloutPolicy policy, HostProcedure procedure, HostProcedure revert, Hooks hooks) {
    return new Rollout(new WarmConnectionsTest.CountingConnector(), policy, new RolloutListener() {}, procedure, revert, hooks);
  }

  private static List<List<Host>> plan(String batches, int count) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      hosts.add(new Host("web" + i, "127.0.0.1", List.of("web"), null, null));
    }
    return BatchPlan.split(hosts, Arrays.stream(batches.split(",")).map(String::strip).map(Amount::parse).toList());
  }

  private static UpgradeOutcome outcome(RolloutResult result, String host) {
    return result.outcomes().stream().filter(o -> o.host().equals(host)).findFirst().orElseThrow();
  }
}
