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

/** The inventory and the hosts a read-only command looks at. */
final class Selection {
  @Parameters(paramLabel = "INVENTORY", description = "The inventory file: fleet YAML, or Ansible YAML or INI.")
  Path inventoryFile;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Only these hosts: names, groups, globs, comma lists, !exclusions.")
  String limit;

  @Option(names = "--parallel", paramLabel = "N", description = "Hosts asked at once (default: upgrade.parallel).")
  String parallel;

  @Option(names = "--binary", paramLabel = "FILE", description = "The new nginx binary (upgrade.binary).")
  String binary;

  @Option(names = "--batches", paramLabel = "SIZES", description = "Batch sizes, e.g. 1,10%%,100%% (upgrade.batches).")
  String batches;

  /** For commands that install the new binary, or test it (plan): it must be given. */
  Inventory load() throws InventoryException {
    return InventoryLoader.standard().load(inventoryFile, overrides());
  }

  /** For commands that only look: the new binary may be absent from the inventory. */
  Inventory loadForInspection() throws InventoryException {
    return InventoryLoader.standard().loadForInspection(inventoryFile, overrides());
  }

  private UpgradeOverrides overrides() {
    return new UpgradeOverrides(binary, null, batches, parallel, null, null, null, null, null, null);
  }

  List<Host> hosts(Inventory inventory) throws InventoryException {
    return HostSelector.select(inventory, limit);
  }
}
