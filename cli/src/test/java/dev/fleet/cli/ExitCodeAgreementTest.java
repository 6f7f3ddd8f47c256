package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.rollout.RolloutResult;
import dev.fleet.rollout.RunSummary;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** after_run's FLEET_EXIT_CODE is the code fleet then exits with: core and the CLI agree. */
class ExitCodeAgreementTest {
  @Test
  void theCodeAfterRunIsToldIsTheCodeFleetExitsWith() {
    for (RolloutResult.Status status : RolloutResult.Status.values()) {
      RolloutResult result = new RolloutResult(status, List.of(), List.of(), List.of(), Duration.ZERO);
      assertEquals(ExitCode.of(result), RunSummary.exitCode(status), status.name());
    }
  }
}
