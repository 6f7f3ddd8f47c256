package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.inventory.Amount;
import dev.fleet.inventory.Host;
import dev.fleet.inventory.RollbackPolicy;
import dev.fleet.nginx.UpgradeOutcome;
import dev.fleet.nginx.step.UpgradeTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batches, the budget, the canary and the rollback policy, as tables against scripted host
 * outcomes: no host, no SSH. One host at a time, so the order within a batch is the plan's.
 */
class RolloutRulesTest {

  /**
   * batches | hosts | max_failures | rollback | failing hosts (R rolled back, A needs attention)
   * | status | hosts the run started | hosts reverted | not reached
   */
  @ParameterizedTest(name = "[{index}] batches {0} of {1}, max {2}, rollback {3}, failing {4} -> {5}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1,100%  | 5 | 0   | host  | -        | COMPLETED               | web1 web2 web3 web4 web5 | -          | -",
        "1,100%  | 5 | 2   | host  | web1:R   | HALTED                  | web1                     | -          | web2 web3 web4 web5",
        "1,2,100%| 5 | 1   | host  | web3:R   | COMPLETED_WITH_FAILURES | web1 web2 web3 web4 web5 | -          | -",
        "1,2,100%| 5 | 1   | batch | web3:R web4:R | HALTED             | web1 web2 web3 web4      | -          | web5",
        "1,2,100%| 5 | 0   | batch | web3:R   | HALTED                  | web1 web2 web3           | web2       | web4 web5",
        "1,2,100%| 5 | 0   | all   | web3:R   | HALTED                  | web1 web2 web3           | web2 web1  | web4 web5",
        "1,2,100%| 5 | 0   | all   | web4:R   | HALTED                  | web1 web2 web3 web4      | web3 web2 web1 | web5",
        "1,100%  | 5 | 5   | host  | web2:A   | NEEDS_ATTENTION         | web1 web2                | -          | web3 web4 web5",
        "1,100%  | 5 | 40% | host  | web2:R web3:R | COMPLETED_WITH_FAILURES | web1 web2 web3 web4 web5 | -      | -",
        "1,100%  | 5 | 40% | host  | web2:R web3:R web4:R | HALTED   | web1 web2 web3 web4      | -          | web5",
        "2,100%  | 4 | 1   | all   | web4:R   | COMPLETED_WITH_FAILURES | web1 web2 web3 web4      | -          | -",
        "100%    | 5 | 1   | batch | web1:R   | COMPLETED_WITH_FAILURES | web1 web2 web3 web4 web5 | -          | -",
        "5       | 5 | 1   | batch | web2:R web4:R | HALTED             | web1 web2 web3 web4      | web3 web1  | web5",
      })
  void rulesDecideWhoRunsWhoIsRevertedAndHowTheRunEnds(
      String batches, int hosts, String maxFailures, String rollback, String failing,
      RolloutResult.Status status, String started, String reverted, String notReached) throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, script(failing));
    ScriptedProcedure revert = new ScriptedProcedure(HostProcedure.Kind.ROLLBACK, Map.of());
    List<List<Host>> plan = plan(batches, hosts);
    RolloutPolicy policy =
        new RolloutPolicy(
            UpgradeTimeouts.defaults(),
            1,
            budget(maxFailures, plan),
            Duration.ZERO,
            false,
            RollbackPolicy.valueOf(rollback.toUpperCase()));

    RolloutResult result = rollout(policy, upgrade, revert).run(plan);

    assertEquals(status, result.status());
    assertEquals(names(started), upgrade.ran, "started");
    assertEquals(names(reverted), revert.ran, "reverted, newest first");
    assertEquals(names(notReached), result.notReached(), "not reached");
  }

  @Test
  void aResumedRunSkipsFinishedHostsAndCountsTheirFailuresAgainstTheBudget() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, script("web4:R"));
    RolloutPolicy policy =
        new RolloutPolicy(UpgradeTimeouts.defaults(), 1, budget("1", plan("1,100%", 5)), Duration.ZERO, false, RollbackPolicy.HOST);
    List<UpgradeOutcome> earlier =
        List.of(
            new UpgradeOutcome("web1", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO),
            new UpgradeOutcome("web2", UpgradeOutcome.Status.ROLLED_BACK, "verify", "earlier", Duration.ZERO));

    RolloutResult result = rollout(policy, upgrade, upgrade).run(plan("1,100%", 5), earlier);

    assertEquals(RolloutResult.Status.HALTED, result.status(), "web2 and web4 are two failures, one is allowed");
    assertEquals(names("web3 web4"), upgrade.ran);
    assertEquals(names("web5"), result.notReached());
  }

  /**
   * Batch 2 (web2 web3) breached the budget; web3's revert completed, web2's did not start before
   * the controller died. The resumed run starts no host, reverts web2 alone and ends halted.
   */
  @Test
  void aRunResumedAfterABreachStartsNoHostAndRevertsOnlyWhatThePolicyStillOwes() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    ScriptedProcedure revert = new ScriptedProcedure(HostProcedure.Kind.ROLLBACK, Map.of());
    List<List<Host>> plan = plan("1,2,100%", 5);
    RolloutPolicy policy =
        new RolloutPolicy(UpgradeTimeouts.defaults(), 1, budget("0", plan), Duration.ZERO, false, RollbackPolicy.BATCH);
    Rollout.Earlier earlier =
        new Rollout.Earlier(
            List.of(
                new UpgradeOutcome("web1", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO),
                new UpgradeOutcome("web2", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO),
                new UpgradeOutcome("web3", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO),
                new UpgradeOutcome("web4", UpgradeOutcome.Status.ROLLED_BACK, "verify", "earlier", Duration.ZERO)),
            List.of(new UpgradeOutcome("web3", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO)),
            java.util.Optional.of(new RunRecord.Halt("web4 failed", 1)));

    RolloutResult result = rollout(policy, upgrade, revert).run(plan, earlier);

    assertEquals(RolloutResult.Status.HALTED, result.status());
    assertEquals(List.of(), upgrade.ran, "no host starts after a breach");
    assertEquals(names("web2"), revert.ran, "web3 is reverted already, web1 is not in the batch");
    assertEquals(names("web5"), result.notReached());
  }

  @Test
  void aRevertThatFailedEarlierEndsTheResumedRunNeedingAttentionAndIsNotRevertedAgain() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    ScriptedProcedure revert = new ScriptedProcedure(HostProcedure.Kind.ROLLBACK, Map.of());
    List<List<Host>> plan = plan("100%", 2);
    RolloutPolicy policy =
        new RolloutPolicy(UpgradeTimeouts.defaults(), 1, budget("0", plan), Duration.ZERO, false, RollbackPolicy.BATCH);
    Rollout.Earlier earlier =
        new Rollout.Earlier(
            List.of(
                new UpgradeOutcome("web1", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO),
                new UpgradeOutcome("web2", UpgradeOutcome.Status.ROLLED_BACK, "verify", "earlier", Duration.ZERO)),
            List.of(new UpgradeOutcome("web1", UpgradeOutcome.Status.NEEDS_ATTENTION, "connect", "unreachable", Duration.ZERO)),
            java.util.Optional.of(new RunRecord.Halt("web2 failed", 0)));

    RolloutResult result = rollout(policy, upgrade, revert).run(plan, earlier);

    assertEquals(RolloutResult.Status.NEEDS_ATTENTION, result.status());
    assertEquals(List.of(), revert.ran);
  }

  @Test
  void aStopRequestedBeforeTheRunStartsNoHostAndPauses() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    RolloutPolicy policy =
        new RolloutPolicy(UpgradeTimeouts.defaults(), 1, budget("0", plan("1,100%", 3)), Duration.ZERO, false, RollbackPolicy.HOST);
    Rollout rollout = rollout(policy, upgrade, upgrade);
    rollout.requestStop();

    RolloutResult result = rollout.run(plan("1,100%", 3));

    assertEquals(RolloutResult.Status.PAUSED, result.status());
    assertEquals(List.of(), upgrade.ran);
    assertEquals(names("web1 web2 web3"), result.notReached());
  }

  @Test
  void aManualGateEndsTheRunPausedAfterEachBatchButTheLast() throws Exception {
    ScriptedProcedure upgrade = new ScriptedProcedure(HostProcedure.Kind.UPGRADE, Map.of());
    RolloutPolicy policy =
        new RolloutPolicy(UpgradeTimeouts.defaults(), 1, budget("0", plan("1,100%", 3)), Duration.ZERO, true, RollbackPolicy.HOST);

    RolloutResult first = rollout(policy, upgrade, upgrade).run(plan("1,100%", 3));
    assertEquals(RolloutResult.Status.PAUSED, first.status());
    assertEquals(names("web1"), upgrade.ran);

    RolloutResult second = rollout(policy, upgrade, upgrade).run(plan("1,100%", 3), first.outcomes());
    assertEquals(RolloutResult.Status.COMPLETED, second.status());
    assertEquals(names("web1 web2 web3"), upgrade.ran);
  }

  /** The whole-run budget, and no failure tolerated in the canary. */
  private static FailureBudget budget(String maxFailures, List<List<Host>> plan) {
    return FailureBudget.of(Amount.parse(maxFailures), Amount.parse("0"), plan.stream().map(List::size).toList());
  }

  private static Rollout rollout(RolloutPolicy policy, HostProcedure procedure, HostProcedure revert) {
    return new Rollout(new WarmConnectionsTest.CountingConnector(), policy, new RolloutListener() {}, procedure, revert);
  }

  private static List<List<Host>> plan(String batches, int count) {
    List<Host> hosts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      hosts.add(new Host("web" + i, "127.0.0.1", List.of("web"), null, null));
    }
    return BatchPlan.split(hosts, Arrays.stream(batches.split(",")).map(String::strip).map(Amount::parse).toList());
  }

  /** "web3:R web4:A" -> web3 rolled back, web4 needs attention; "-" -> nobody fails. */
  private static Map<String, UpgradeOutcome.Status> script(String failing) {
    Map<String, UpgradeOutcome.Status> script = new HashMap<>();
    for (String entry : names(failing)) {
      String[] parts = entry.split(":");
      script.put(parts[0], parts[1].equals("A") ? UpgradeOutcome.Status.NEEDS_ATTENTION : UpgradeOutcome.Status.ROLLED_BACK);
    }
    return script;
  }

  private static List<String> names(String spaced) {
    String text = spaced.strip();
    return text.equals("-") ? List.of() : Arrays.asList(text.split("\\s+"));
  }
}
