package dev.fleet.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A sandbox's inventory with {@code upgrade.hooks} added, written to a directory of its own (the
 * hooks run there, and its run state lives beside it).
 */
final class HookInventory {
  private HookInventory() {}

  static Path write(Path sandboxInventory, Path dir, Map<String, String> hooks, String hookTimeout) throws IOException {
    String text = Files.readString(sandboxInventory);
    if (!text.contains("\nupgrade:\n")) {
      throw new IllegalStateException(sandboxInventory + " has no upgrade block to add hooks to");
    }
    StringBuilder block = new StringBuilder("\nupgrade:\n  hooks:\n");
    hooks.forEach((hook, command) -> block.append("    ").append(hook).append(": ").append(quoted(command)).append('\n'));
    block.append("  hook_timeout: ").append(hookTimeout).append('\n');
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("inventory.yaml"), text.replace("\nupgrade:\n", block.toString()));
  }

  /** A YAML double-quoted scalar. */
  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A word for /bin/sh: single-quoted, so a test's path is taken as is. */
  static String sh(Object word) {
    return "'" + word.toString().replace("'", "'\\''") + "'";
  }
}
