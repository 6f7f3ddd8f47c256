package dev.fleet.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where each effective setting of each host and of the upgrade came from. */
public record Provenance(Map<String, List<ResolvedSetting>> hosts, List<ResolvedSetting> upgrade) {

  public Provenance {
    Map<String, List<ResolvedSetting>> copy = new LinkedHashMap<>();
    hosts.forEach((host, settings) -> copy.put(host, List.copyOf(settings)));
    hosts = java.util.Collections.unmodifiableMap(copy);
    upgrade = List.copyOf(upgrade);
  }

  /** For inventories built by hand, e.g. in tests of other packages. */
  public static Provenance none() {
    return new Provenance(Map.of(), List.of());
  }

  public List<ResolvedSetting> host(String name) {
    return hosts.getOrDefault(name, List.of());
  }
}
