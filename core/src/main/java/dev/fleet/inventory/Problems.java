package dev.fleet.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem of one load so the user sees them all at once. */
final class Problems {
  private final Path file;
  // A set: a bad value shared by many hosts is reported once, where it was written.
  private final Set<InventoryError> errors = new LinkedHashSet<>();

  Problems(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  void at(YamlNode node, String keyPath, String message) {
    errors.add(InventoryError.at(file, node, keyPath, message));
  }

  void at(int line, int column, String keyPath, String message) {
    errors.add(new InventoryError(file, line, column, keyPath, message));
  }

  void add(InventoryError error) {
    errors.add(error);
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  void throwIfAny() throws InventoryException {
    if (!errors.isEmpty()) {
      throw new InventoryException(new ArrayList<>(errors));
    }
  }

  List<InventoryError> list() {
    return List.copyOf(errors);
  }
}
