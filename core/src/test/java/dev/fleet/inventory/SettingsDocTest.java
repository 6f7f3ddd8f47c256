package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The docs' tables of settings are the declarations', so they cannot drift from the code. */
class SettingsDocTest {
  private static final Path DOC = Path.of("..", "inventory-examples", "README.md");

  @Test
  void theUpgradeTableIsTheDeclarations() throws Exception {
    StringBuilder table = new StringBuilder("| key | flag | meaning | built-in default |\n|---|---|---|---|\n");
    for (UpgradeSetting<?> setting : UpgradeSetting.ALL) {
      table.append(
          String.format(
              "| `%s` | `%s %s` | %s | %s |%n",
              setting.key(), setting.flag(), setting.label().replace("|", "\\|"), setting.help(), setting.defaultText()));
    }
    assertDocCarries(table.toString(), "UpgradeSetting.ALL");
  }

  @Test
  void theHostTableIsTheDeclarations() throws Exception {
    StringBuilder table = new StringBuilder("| key | meaning | built-in default |\n|---|---|---|\n");
    for (HostSetting setting : HostSetting.ALL) {
      String key = setting.key().equals("address") ? "`address` (host only)" : "`" + setting.key() + "`";
      table.append(String.format("| %s | %s | %s |%n", key, setting.meaning(), setting.defaultText()));
    }
    assertDocCarries(table.toString(), "HostSetting.ALL");
  }

  private static void assertDocCarries(String table, String declarations) throws Exception {
    assertTrue(
        Files.readString(DOC).contains(table),
        DOC + " must carry the table made from " + declarations + "; paste this:\n" + table);
  }
}
