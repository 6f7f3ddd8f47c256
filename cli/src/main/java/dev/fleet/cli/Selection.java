package dev.fleet.cli;

import dev.fleet.inventory.Host;
import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.UpgradeOverrides;
import dev.fleet.inventory.UpgradeSetting;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inventory and the hosts a read-only command looks at. Options only some of these commands
 * use (--binary, --batches) are their own {@link SettingFlags}, so no --help lists an option that does
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
  Inventory load(UpgradeOverrides flags) throws InventoryException {
    return InventoryLoader.standard().load(inventoryFile, withParallel(flags));
  }

  /** For commands that only look: the new binary may be absent from the inventory. */
  Inventory loadForInspection(UpgradeOverrides flags) throws InventoryException {
    return InventoryLoader.standard().loadForInspection(inventoryFile, withParallel(flags));
  }

  private UpgradeOverrides withParallel(UpgradeOverrides flags) {
    return flags.with(UpgradeSetting.PARALLEL, parallel);
  }

  List<Host> hosts(Inventory inventory) throws InventoryException {
    return HostSelector.select(inventory, limit);
  }
}
