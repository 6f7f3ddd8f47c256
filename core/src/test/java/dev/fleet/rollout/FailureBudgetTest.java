package dev.fleet.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.inventory.Amount;
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
    FailureBudget budget = FailureBudget.of(Amount.parse(maxFailures), hosts, canaryMustPass);
    assertEquals(breached, budget.breached(failures, canary));
  }
}
