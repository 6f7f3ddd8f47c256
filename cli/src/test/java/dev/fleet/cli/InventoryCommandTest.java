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
}
