package dev.fleet.cli;

import dev.fleet.inventory.HostSelector;
import dev.fleet.inventory.Inventory;
import dev.fleet.inventory.InventoryException;
import dev.fleet.inventory.InventoryLoader;
import dev.fleet.inventory.ResolvedInventoryView;
import dev.fleet.inventory.UpgradeSetting;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet inventory INVENTORY}: validates and shows every effective setting and its source. */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    header = "Validate the inventory and show each effective setting.",
    description =
        "Validates the inventory without touching any host and shows every selected host's effective settings with where each came from (file:line, or built-in default).",
    footer = {
      "",
      "Examples:",
      "  fleet inventory inventory.yml",
      "  fleet inventory hosts.ini --limit webservers --binary builds/nginx",
      "",
      "Exit codes:",
      "  0  valid",
      "  2  errors, each printed as file:line:column: key.path: message"
    })
final class InventoryCommand implements Callable<Integer>, SettingFlags.Holder {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "INVENTORY", description = "The inventory file: fleet YAML, or Ansible YAML or INI.")
  Path inventoryFile;

  @Option(names = "--limit", paramLabel = "PATTERN", description = "Only these hosts: names, groups, globs, comma lists, !exclusions.")
  String limit;

  // Every setting: shows what `fleet upgrade` with the same flags would use, and why.
  private final SettingFlags settings = new SettingFlags(UpgradeSetting.ALL);

  @Override
  public SettingFlags settingFlags() {
    return settings;
  }

  @Override
  public Integer call() throws InventoryException {
    Inventory inventory = InventoryLoader.standard().loadForInspection(inventoryFile, settings.overrides());
    spec.commandLine()
        .getOut()
        .print(ResolvedInventoryView.render(inventory, HostSelector.select(inventory, limit)));
    return ExitCode.OK;
  }
}
