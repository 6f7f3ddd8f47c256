package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.UpgradeOverrides;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inventory and the hosts a read-only command looks at. Options only some of these commands
 * use (--binary, --batches) are mixins of their own, so no --help lists an option that does
 * nothing there.
 */
final class Selection {
  @Parameters(paramLabel = "INVENTORY", description = "The inventory file: fleet YAML, or Ansible YAML or INI.")
  Path inventoryFile;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Only these hosts: names, groups, globs, comma lists, !exclusions.")
  String limit;

  @Option(names = "--parallel", paramLabel = "N", description = "Hosts asked at once (default: upgrade.parallel).")
  String parallel;

  /** For commands that test the new binary (plan): it must be given. Null means "as the inventory says". */
  Inventory load(String binary, String batches) throws InventoryException {
    return InventoryLoader.standard().load(inventoryFile, overrides(binary, batches));
  }

  /** For commands that only look: the new binary may be absent from the inventory. */
  Inventory loadForInspection(String binary) throws InventoryException {
    return InventoryLoader.standard().loadForInspection(inventoryFile, overrides(binary, null));
  }

  /** As {@link #load(String, String)}, the binary a file or a URL. */
  Inventory loadOf(BinaryOption binary, String batches) throws InventoryException {
    return InventoryLoader.standard().load(inventoryFile, overrides(binary, batches));
  }

  /** As {@link #loadForInspection(String)}, the binary a file or a URL. */
  Inventory loadForInspectionOf(BinaryOption binary) throws InventoryException {
    return InventoryLoader.standard().loadForInspection(inventoryFile, overrides(binary, null));
  }

  private UpgradeOverrides overrides(String binary, String batches) {
    return new UpgradeOverrides(binary, null, batches, parallel, null, null, null, null, null, null);
  }

  private UpgradeOverrides overrides(BinaryOption binary, String batches) {
    return new UpgradeOverrides(
        binary.path, binary.sha256, batches, parallel, null, null, null, null, null, null, binary.url, null);
  }

  List<Host> hosts(Inventory inventory) throws InventoryException {
    return HostSelector.select(inventory, limit);
  }
}
