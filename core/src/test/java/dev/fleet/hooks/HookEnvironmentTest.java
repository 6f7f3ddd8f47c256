package dev.fleet.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.inventory.Host;
import dev.fleet.nginx.UpgradeOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variables each hook gets, as a table. */
class HookEnvironmentTest {
  private static final HookRun RUN = new HookRun("20261201-1", Path.of("/ops/inventory.yml"), "upgrade", 3, false, Path.of("/ops/.fleet/runs/20261201-1"));

  @Test
  void afterHostTellsTheHostItsBatchAndWhatHappened() {
    Host web1 = HostFixtures.host("web1", "10.0.0.1", List.of("web", "eu"));
    Host web2 = HostFixtures.host("web2", "10.0.0.2", List.of("web"));
    UpgradeOutcome outcome = new UpgradeOutcome("web1", UpgradeOutcome.Status.ROLLED_BACK, "verify", "500 from /", Duration.ZERO);
    Map<String, String> vars =
        HookEnvironment.of("after_host", RUN).batch(0, 3, List.of(web1, web2)).host(web1, false)
            .outcome(outcome, false, "nginx/1.22.1", "nginx/1.27.3").vars();
    assertEquals(
        Map.ofEntries(
            Map.entry("FLEET_HOOK", "after_host"),
            Map.entry("FLEET_RUN", "20261201-1"),
            Map.entry("FLEET_INVENTORY", "/ops/inventory.yml"),
            Map.entry("FLEET_RUN_DIR", "/ops/.fleet/runs/20261201-1"),
            Map.entry("FLEET_KIND", "upgrade"),
            Map.entry("FLEET_BATCHES", "3"),
            Map.entry("FLEET_RESUMED", "0"),
            Map.entry("FLEET_BATCH", "1"),
            Map.entry("FLEET_BATCH_HOSTS", "web1 web2"),
            Map.entry("FLEET_CANARY", "1"),
            Map.entry("FLEET_HOST", "web1"),
            Map.entry("FLEET_ADDRESS", "10.0.0.1"),
            Map.entry("FLEET_SSH_PORT", "22"),
            Map.entry("FLEET_SSH_USER", "deploy"),
            Map.entry("FLEET_GROUPS", "web eu"),
            Map.entry("FLEET_REVERT", "0"),
            Map.entry("FLEET_RESULT", "rolled-back"),
            Map.entry("FLEET_FAILED_STEP", "verify"),
            Map.entry("FLEET_REASON", "500 from /"),
            Map.entry("FLEET_FROM_VERSION", "nginx/1.22.1"),
            Map.entry("FLEET_TO_VERSION", "nginx/1.27.3")),
        vars);
  }

  @Test
  void aRevertedHostIsRolledBackOnceItRunsItsOldBinary() {
    UpgradeOutcome reverted = new UpgradeOutcome("web1", UpgradeOutcome.Status.UPGRADED, null, null, Duration.ZERO);
    assertEquals("rolled-back", HookEnvironment.result(reverted, true));
    assertEquals("upgraded", HookEnvironment.result(reverted, false));
    UpgradeOutcome current = new UpgradeOutcome("web1", UpgradeOutcome.Status.ALREADY_CURRENT, null, null, Duration.ZERO);
    assertEquals("already-current", HookEnvironment.result(current, false));
  }

  @Test
  void afterRunTellsTheStatusAndTheExitCode() {
    Map<String, String> vars = HookEnvironment.of("after_run", RUN).end("needs-attention", 3, "/s.json").vars();
    assertEquals("needs-attention", vars.get("FLEET_STATUS"));
    assertEquals("3", vars.get("FLEET_EXIT_CODE"));
    assertEquals("/s.json", vars.get("FLEET_SUMMARY"));
    assertEquals(null, vars.get("FLEET_HOST"));
  }

  @Test
  void aLaterBatchIsNoCanary() {
    Map<String, String> vars = HookEnvironment.of("before_batch", RUN).batch(1, 3, List.of()).vars();
    assertEquals("2", vars.get("FLEET_BATCH"));
    assertEquals("0", vars.get("FLEET_CANARY"));
    assertEquals("", vars.get("FLEET_BATCH_HOSTS"));
  }
}
