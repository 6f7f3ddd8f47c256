package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The docs' table of upgrade settings is the declarations', so it cannot drift from the code. */
class UpgradeSettingsDocTest {
  private static final Path DOC = Path.of("..", "inventory-examples", "README.md");

  @Test
  void theDocsTableIsTheDeclarations() throws Exception {
    String expected = table();
    String doc = Files.readString(DOC);

    assertTrue(
        doc.contains(expected),
        DOC + " must carry the table made from UpgradeSetting.ALL; paste this:\n" + expected);
  }

  private static String table() {
    StringBuilder table = new StringBuilder("| key | flag | meaning | built-in default |\n|---|---|---|---|\n");
    for (UpgradeSetting<?> setting : UpgradeSetting.ALL) {
      table.append(
          String.format(
              "| `%s` | `%s %s` | %s | %s |%n",
              setting.key(), setting.flag(), setting.label().replace("|", "\\|"), setting.help(), setting.defaultText()));
    }
    return table.toString();
  }
}
