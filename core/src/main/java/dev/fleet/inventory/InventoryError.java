package dev.fleet.inventory;

import java.nio.file.Path;

/**
 * One problem in an inventory or in the options given with it. {@code file} is null and
 * {@code line} is 0 when the problem is not in a file (a command-line flag, a limit).
 */
public record InventoryError(Path file, int line, int column, String keyPath, String message) {

  static InventoryError at(Path file, YamlNode node, String keyPath, String message) {
    return new InventoryError(file, node.line(), node.column(), keyPath, message);
  }

  static InventoryError outsideFile(String what, String message) {
    return new InventoryError(null, 0, 0, what, message);
  }

  /** {@code inventory.yml:14:7: groups.web.hosts.web-2.nginx.pid_fil: unknown key (...)}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (file != null) {
      text.append(file).append(':');
      if (line > 0) {
        text.append(line).append(':').append(column).append(':');
      }
      text.append(' ');
    }
    if (keyPath != null && !keyPath.isEmpty()) {
      text.append(keyPath).append(": ");
    }
    return text.append(message).toString();
  }
}
