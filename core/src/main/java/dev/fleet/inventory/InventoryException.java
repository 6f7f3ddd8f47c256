package dev.fleet.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** The inventory cannot be used; carries every problem found, not just the first. */
public class InventoryException extends Exception {
  private final List<InventoryError> errors;

  public InventoryException(List<InventoryError> errors) {
    super(errors.stream().map(InventoryError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<InventoryError> errors() {
    return errors;
  }
}
