package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upgrade.hooks} and {@code upgrade.hook_timeout}: read as written, checked like every key. */
class InventoryHooksTest {
  @TempDir Path temp;

  private static String inventory(String upgradeLines) {
    return "upgrade:\n"
        + "  binary: builds/nginx-1.27.3\n"
        + upgradeLines
        + "groups:\n"
        + "  web:\n"
        + "    hosts:\n"
        + "      web1: { address: 10.0.0.1 }\n";
  }

  @Test
  void hooksAreKeptAsWrittenAndRunInTheInventorysDirectory() throws Exception {
    InventoryFixture fixture = new InventoryFixture(temp);
    Inventory inventory =
        fixture.load(
            inventory(
                "  hooks:\n"
                    + "    before_host: ./hooks/lb.sh drain \"$FLEET_HOST\"\n"
                    + "    after_batch: ./hooks/judge.sh\n"
                    + "  hook_timeout: 2m\n"));
    UpgradeHooks hooks = inventory.upgrade().hooks();
    assertEquals(
        Map.of("before_host", "./hooks/lb.sh drain \"$FLEET_HOST\"", "after_batch", "./hooks/judge.sh"),
        hooks.commands());
    assertEquals(Duration.ofMinutes(2), hooks.timeout());
    assertEquals(fixture.directory.toAbsolutePath(), hooks.dir());
    assertEquals(Optional.empty(), hooks.command("after_run"));
  }

  @Test
  void withoutHooksNothingRunsAndTheTimeoutIsThirtySeconds() throws Exception {
    UpgradeHooks hooks = new InventoryFixture(temp).load(inventory("")).upgrade().hooks();
    assertTrue(hooks.commands().isEmpty());
    assertEquals(Duration.ofSeconds(30), hooks.timeout());
  }

  @Test
  void anUnknownHookIsNamedWithItsPlaceAndTheNearestName() {
    String errors = new InventoryFixture(temp).errors(inventory("  hooks:\n    before_hots: ./x\n"));
    assertEquals("inventory.yml:4:5: upgrade.hooks.before_hots: unknown key (did you mean before_host?)", errors);
  }

  @Test
  void badHookValuesAreReportedAtOnce() {
    String errors =
        new InventoryFixture(temp)
            .errors(inventory("  hooks:\n    after_run: [a, b]\n    before_run: \" \"\n  hook_timeout: soon\n"));
    assertEquals(
        String.join(
            "\n",
            "inventory.yml:4:16: upgrade.hooks.after_run: expected a single value, got a list",
            "inventory.yml:5:17: upgrade.hooks.before_run: an empty command runs nothing; remove the key instead",
            "inventory.yml:6:17: upgrade.hook_timeout: \"soon\" is not a duration (use a number and a unit: 500ms, 30s, 2m, 1h)"),
        errors);
  }

  @Test
  void hooksThatAreNotAMapAndAZeroTimeoutAreErrors() {
    String errors = new InventoryFixture(temp).errors(inventory("  hooks: ./notify.sh\n  hook_timeout: 0s\n"));
    assertTrue(errors.contains("inventory.yml:3:10: upgrade.hooks: expected a map, got \"./notify.sh\""), errors);
    assertTrue(errors.contains("upgrade.hook_timeout: must be longer than 0s"), errors);
  }

  @Test
  void aMistypedHooksKeyIsSuggested() {
    String errors = new InventoryFixture(temp).errors(inventory("  hook_timout: 10s\n"));
    assertEquals("inventory.yml:3:3: upgrade.hook_timout: unknown key (did you mean hook_timeout?)", errors);
  }

  @Test
  void theInventoryViewShowsEachHookAndTheTimeoutWithTheirOrigin() throws Exception {
    Inventory inventory =
        new InventoryFixture(temp).load(inventory("  hooks:\n    after_run: ./notify.sh done\n"));
    String view = ResolvedInventoryView.render(inventory);
    assertTrue(view.matches("(?s).*hooks\\.after_run +\\./notify\\.sh done +\\(from upgrade\\.hooks\\.after_run, inventory\\.yml:4\\).*"), view);
    assertTrue(view.matches("(?s).*hook_timeout +30s +\\(from built-in default\\).*"), view);
  }
}
