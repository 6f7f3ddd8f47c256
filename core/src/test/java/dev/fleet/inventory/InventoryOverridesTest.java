package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command-line flags replace the inventory's upgrade settings, validated the same way. */
class InventoryOverridesTest {
  private static final String INVENTORY =
      "upgrade: { binary: builds/nginx-1.27.3, parallel: 5, pause: 30s }\n"
          + "groups: { web: { hosts: { web-1: } } }\n";

  @TempDir Path temp;

  @Test
  void flagsWinOverTheInventoryAndSayTheyDid() throws Exception {
    UpgradeOverrides flags =
        UpgradeOverrides.none()
            .with(UpgradeSetting.BATCHES, "1,25%")
            .with(UpgradeSetting.PARALLEL, "20")
            .with(UpgradeSetting.MAX_FAILURES, "2")
            .with(UpgradeSetting.CANARY_MAX_FAILURES, "1")
            .with(UpgradeSetting.PAUSE, "manual")
            .with(UpgradeSetting.SOAK, "5s")
            .with(UpgradeSetting.DRAIN_TIMEOUT, "90s")
            .with(UpgradeSetting.ROLLBACK, "host");

    Inventory inventory = new InventoryFixture(temp).load(INVENTORY, flags);

    UpgradeSettings upgrade = inventory.upgrade();
    assertEquals(java.util.List.of(new Amount(1, false), new Amount(25, true)), upgrade.batchSizes());
    assertEquals(20, upgrade.parallel());
    assertEquals(new Amount(2, false), upgrade.failureBudget());
    assertEquals(new Amount(1, false), upgrade.canaryBudget());
    assertEquals(true, upgrade.manualPause());
    assertEquals(Duration.ofSeconds(5), upgrade.soak());
    assertEquals(Duration.ofSeconds(90), upgrade.drainTimeout());
    assertEquals(RollbackPolicy.HOST, upgrade.rollbackPolicy());
    assertEquals(
        "--parallel flag",
        inventory.provenance().upgrade().stream()
            .filter(s -> s.key().equals("parallel"))
            .findFirst()
            .orElseThrow()
            .origin()
            .toString());
  }

  @Test
  void theReconnectWindowIsTwoMinutesUnlessTheInventoryOrTheFlagSaysOtherwise() throws Exception {
    InventoryFixture fixture = new InventoryFixture(temp);
    String inventory = INVENTORY.replace("pause: 30s", "pause: 30s, reconnect_window: 5m");
    UpgradeOverrides flag = UpgradeOverrides.none().with(UpgradeSetting.RECONNECT_WINDOW, "30s");

    assertEquals(Duration.ofMinutes(2), fixture.load(INVENTORY, UpgradeOverrides.none()).upgrade().reconnectWindow());
    Inventory fromFile = fixture.load(inventory, UpgradeOverrides.none());
    assertEquals(Duration.ofMinutes(5), fromFile.upgrade().reconnectWindow());
    assertEquals("upgrade.reconnect_window, inventory.yml:1", origin(fromFile, "reconnect_window"));
    Inventory fromFlag = fixture.load(inventory, flag);
    assertEquals(Duration.ofSeconds(30), fromFlag.upgrade().reconnectWindow());
    assertEquals("--reconnect-window flag", origin(fromFlag, "reconnect_window"));
  }

  private static String origin(Inventory inventory, String key) {
    return inventory.provenance().upgrade().stream()
        .filter(s -> s.key().equals(key))
        .findFirst()
        .orElseThrow()
        .origin()
        .toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          parallel     | many     | --parallel: "many" is not a whole number
          batches      | 1,,100%  | --batches: "" is neither a count (5) nor a percentage ("10%")
          max-failures | -1       | --max-failures: "-1" is neither a count (5) nor a percentage ("10%")
          canary-max-failures | some | --canary-max-failures: "some" is neither a count (5) nor a percentage ("10%")
          pause        | later    | --pause: "later" is not a duration (use a number and a unit: 500ms, 30s, 2m, 1h)
          rollback     | none     | --rollback: "none" is not host, batch or all
          binary       | nope.bin | --binary: WORK/nope.bin does not exist
          reconnect-window | 0s   | --reconnect-window: must be longer than 0s
          """)
  void badFlagsAreReportedByFlagName(String flag, String value, String expected) {
    InventoryFixture fixture = new InventoryFixture(temp);
    UpgradeOverrides flags =
        UpgradeOverrides.none().with(flagged(flag), value);

    String errors = fixture.errors(INVENTORY, flags).replace(fixture.directory.toString(), "WORK");

    assertEquals(expected, errors);
  }

  /** The setting whose flag is {@code --FLAG}: the flag is derived from the key, not written twice. */
  private static UpgradeSetting<?> flagged(String flag) {
    return UpgradeSetting.ALL.stream().filter(s -> s.flag().equals("--" + flag)).findFirst().orElseThrow();
  }
}
