package dev.fleet.inventory;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded, validated inventory: the hosts in file order, the upgrade settings, and where each
 * effective setting came from.
 */
public record Inventory(Path file, List<Host> hosts, UpgradeSettings upgrade, Provenance provenance) {

  public Inventory {
    hosts = List.copyOf(hosts);
  }

  /** An inventory without provenance, for code that builds one by hand. */
  public Inventory(Path file, List<Host> hosts, UpgradeSettings upgrade) {
    this(file, hosts, upgrade, Provenance.none());
  }
}
