package dev.fleet.inventory;

import java.nio.file.Path;
import java.util.List;

/** A loaded, validated inventory: the hosts in file order and the upgrade settings. */
public record Inventory(Path file, List<Host> hosts, UpgradeSettings upgrade) {

  public Inventory {
    hosts = List.copyOf(hosts);
  }
}
