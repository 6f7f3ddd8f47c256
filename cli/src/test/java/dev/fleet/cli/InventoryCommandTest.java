package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCommandTest {

  @Test
  void showsEffectiveSettingsWithTheirSource(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("nginx-new"), "placeholder");
    Files.writeString(dir.resolve("known_hosts"), "");
    Path inventory = dir.resolve("inventory.yml");
    Files.writeString(
        inventory,
        String.join(
            "\n",
            "defaults:",
            "  ssh: { user: root, known_hosts: known_hosts }",
            "upgrade: { binary: nginx-new }",
            "groups:",
            "  web:",
            "    vars: { ssh: { port: 2222 } }",
            "    hosts:",
            "      web1: { address: 10.0.0.1 }",
            "      web2:",
            ""));

    CliRun run = CliRun.of("inventory", inventory.toString(), "--limit", "web2");

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("web2  (groups: web)"), run.out());
    assertTrue(!run.out().contains("web1"), "the limit applies: " + run.out());
    assertTrue(run.out().matches("(?s).*ssh\\.port\\s+2222\\s+\\(from groups\\.web\\.vars, inventory\\.yml:6\\).*"), run.out());
    assertTrue(run.out().matches("(?s).*address\\s+web2\\s+\\(from .*"), "address defaults to the name: " + run.out());
  }

  @Test
  void showsWhatTheSameFlagsWouldGiveAnUpgrade(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("nginx-new"), "placeholder");
    Path inventory = dir.resolve("inventory.yml");
    Files.writeString(dir.resolve("known_hosts"), "");
    Files.writeString(
        inventory,
        "defaults: { ssh: { known_hosts: known_hosts } }\n"
            + "upgrade: { binary: nginx-new, parallel: 5 }\n"
            + "groups: { web: { hosts: { web1: } } }\n");

    CliRun run = CliRun.of("inventory", inventory.toString(), "--parallel", "20", "--pause", "manual");

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().matches("(?s).*parallel\\s+20\\s+\\(from --parallel flag\\).*"), run.out());
    assertTrue(run.out().matches("(?s).*pause\\s+manual\\s+\\(from --pause flag\\).*"), run.out());
  }
}
