package dev.fleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every inventory in inventory-examples/ must load. The binary placeholder ships with the
 * examples; the key and known_hosts come from a temporary home, since no real key belongs in git.
 */
class InventoryExamplesTest {
  private static final Path EXAMPLES = Path.of("..", "inventory-examples");

  @TempDir Path temp;

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      List<Path> inventories =
          files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".ini")).sorted().toList();
      return inventories.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleLoads(Path example) throws Exception {
    Inventory inventory = new InventoryLoader(new InventoryFixture(temp).environment).load(example);

    assertFalse(inventory.hosts().isEmpty());
    assertFalse(ResolvedInventoryView.render(inventory).isBlank());
  }

  @Test
  void thereIsAnExampleForEachAudience() throws IOException {
    assertEquals(
        List.of(
            "ansible-inventory.ini",
            "ansible-inventory.yml",
            "artifact-server.yml",
            "bastion-sudo.yml",
            "canary-rollout.yml",
            "haproxy-hooks.yml",
            "minimal.yml"),
        examples().map(p -> p.getFileName().toString()).toList());
  }
}
