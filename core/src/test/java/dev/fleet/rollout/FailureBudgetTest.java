package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.inventory.Amount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureBudgetTest {

  /** max_failures | selected hosts | canary must pass | failures | of them in the canary | breached */
  @ParameterizedTest(name = "max_failures {0} of {1}, canary strict {2}: {3} failed ({4} canary) -> {5}")
  @CsvSource({
    "0,   20, true,  0, 0, false",
    "0,   20, true,  1, 0, true",
    "10%, 20, true,  2, 0, false",
    "10%, 20, true,  3, 0, true",
    "10%, 20, true,  1, 1, true",
    "10%, 20, false, 1, 1, false",
    "10%, 5,  true,  1, 0, true",
    "2,   5,  true,  2, 0, false",
    "100%, 5, false, 5, 1, false",
  })
  void theBudgetCoversTheWholeRolloutAndTheCanaryMustBeGreen(
      String maxFailures, int hosts, boolean canaryMustPass, int failures, int canary, boolean breached) {
    FailureBudget budget = new FailureBudget(Amount.parse(maxFailures).of(hosts), canaryMustPass);
    assertEquals(breached, budget.breached(failures, canary));
  }

  /**
   * hosts | batches | max_failures | canary_max_failures | hosts failing in the first batch | in
   * later batches | why the run halts ("-": it does not). The first batch's failures come first,
   * as they do in a run; the run halts at the first failure that breaks the rule.
   */
  @ParameterizedTest(name = "{0} hosts in [{1}], max {2}, canary max {3}: {4}+{5} failed -> {6}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          5  | 5       | 1    | 0   | 1 | 0 | -
          5  | 5       | 1    | 0   | 2 | 0 | 2 hosts failed, more than max_failures allows (1)
          5  | 5       | 0    | 0   | 1 | 0 | 1 host failed, more than max_failures allows (0)
          3  | 5       | 0    | 1   | 1 | 0 | 1 host failed, more than max_failures allows (0)
          5  | 100%    | 20%  | 0   | 1 | 0 | -
          1  | 1,100%  | 1    | 0   | 1 | 0 | -
          5  | 1,100%  | 1    | 0   | 1 | 0 | the canary batch failed on web1
          5  | 1,100%  | 1    | 0   | 0 | 1 | -
          5  | 1,100%  | 1    | 0   | 0 | 2 | 2 hosts failed, more than max_failures allows (1)
          10 | 3       | 1    | 0   | 1 | 0 | the canary batch failed on web1
          20 | 1,100%  | 100% | 0   | 1 | 0 | the canary batch failed on web1
          20 | 5,100%  | 3    | 1   | 1 | 0 | -
          20 | 5,100%  | 3    | 1   | 1 | 2 | -
          20 | 5,100%  | 3    | 1   | 2 | 0 | 2 hosts of the canary batch failed, more than canary_max_failures allows (1)
          20 | 5,100%  | 1    | 2   | 2 | 0 | 2 hosts failed, more than max_failures allows (1)
          20 | 10,100% | 10%  | 20% | 2 | 0 | -
          20 | 10,100% | 10%  | 20% | 2 | 1 | 3 hosts failed, more than max_failures allows (2)
          20 | 10,100% | 10%  | 10% | 2 | 0 | 2 hosts of the canary batch failed, more than canary_max_failures allows (1)
          """)
  void theFirstBatchIsACanaryOnlyWhenLaterBatchesFollowIt(
      int hosts, String batches, String maxFailures, String canaryMaxFailures,
      int failingInCanary, int failingLater, String expected) {
    List<String> names = IntStream.rangeClosed(1, hosts).mapToObj(i -> "web" + i).toList();
    List<List<String>> plan =
        BatchPlan.split(names, Arrays.stream(batches.split(",")).map(Amount::parse).toList());
    FailureBudget budget =
        FailureBudget.of(
            Amount.parse(maxFailures), Amount.parse(canaryMaxFailures), plan.stream().map(List::size).toList());

    List<String> failing = new ArrayList<>(plan.get(0).subList(0, failingInCanary));
    failing.addAll(names.subList(plan.get(0).size(), plan.get(0).size() + failingLater));
    assertEquals(expected, haltReason(budget, failing, plan.get(0)));
  }

  private static String haltReason(FailureBudget budget, List<String> failing, List<String> canary) {
    int failures = 0;
    int canaryFailures = 0;
    for (String host : failing) {
      failures++;
      canaryFailures += canary.contains(host) ? 1 : 0;
      Optional<String> reason = budget.haltReason(failures, canaryFailures, host);
      if (reason.isPresent()) {
        assertEquals(true, budget.breached(failures, canaryFailures), "breached agrees with the reason");
        return reason.get();
      }
    }
    return "-";
  }
}
