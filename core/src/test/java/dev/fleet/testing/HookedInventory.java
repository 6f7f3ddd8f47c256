package dev.fleet.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A copy of a sandbox's inventory with {@code upgrade.hooks} (and whatever else {@code edit}
 * changes), in a directory of its own: hooks run there and its runs live in its {@code .fleet}.
 */
public final class HookedInventory {
  private static final YAMLMapper YAML = new YAMLMapper();

  private HookedInventory() {}

  public static Path write(Path sandboxInventory, Path dir, Map<String, String> hooks, String timeout)
      throws IOException {
    return write(sandboxInventory, dir, hooks, timeout, root -> {});
  }

  public static Path write(
      Path sandboxInventory, Path dir, Map<String, String> hooks, String timeout, Consumer<ObjectNode> edit)
      throws IOException {
    ObjectNode root = (ObjectNode) YAML.readTree(sandboxInventory.toFile());
    ObjectNode upgrade = (ObjectNode) root.path("upgrade");
    ObjectNode hookNode = upgrade.putObject("hooks");
    hooks.forEach(hookNode::put);
    if (timeout != null) {
      upgrade.put("hook_timeout", timeout);
    }
    edit.accept(root);
    Files.createDirectories(dir);
    Path file = dir.resolve("inventory.yaml");
    YAML.writeValue(file.toFile(), root);
    return file;
  }

  /** Deletes {@code dir} and everything in it: each test starts from no runs and no hook output. */
  public static void clear(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
