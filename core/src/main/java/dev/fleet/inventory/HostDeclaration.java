package dev.fleet.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the file says about one host name before precedence is applied: each place the host
 * is listed (a host may sit in several groups) and the groups it belongs to.
 */
final class HostDeclaration {
  private final String name;
  private final YamlNode.Entry firstEntry;
  private final List<SettingsLayer> hostLayers = new ArrayList<>();
  private final Set<String> directGroups = new LinkedHashSet<>();

  HostDeclaration(String name, YamlNode.Entry firstEntry) {
    this.name = name;
    this.firstEntry = firstEntry;
  }

  String name() {
    return name;
  }

  /** Where the host is first listed: the place to report problems that have no better place. */
  YamlNode.Entry firstEntry() {
    return firstEntry;
  }

  List<SettingsLayer> hostLayers() {
    return hostLayers;
  }

  Set<String> directGroups() {
    return directGroups;
  }
}
