package dev.fleet.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a format (fleet or Ansible) read from the file, before precedence: the defaults, each
 * group's vars and parents, each host's declarations, and the raw upgrade map.
 */
final class ParsedInventory {
  final SettingsLayer defaults;
  final Map<String, SettingsLayer> groupVars = new LinkedHashMap<>();
  final Map<String, Set<String>> groupParents = new LinkedHashMap<>();
  final Map<String, HostDeclaration> hosts = new LinkedHashMap<>();
  YamlNode upgrade;
  String upgradePath = "upgrade";

  /** {@code defaultsSource} names the defaults as the format spells them (defaults, all.vars). */
  ParsedInventory(String defaultsSource) {
    defaults = new SettingsLayer(defaultsSource, 0);
  }

  HostDeclaration host(String name, YamlNode.Entry entry) {
    return hosts.computeIfAbsent(name, n -> new HostDeclaration(n, entry));
  }

  SettingsLayer group(String name, String source, int depth) {
    groupParents.computeIfAbsent(name, n -> new LinkedHashSet<>());
    SettingsLayer layer = groupVars.computeIfAbsent(name, n -> new SettingsLayer(source, depth));
    layer.deepen(depth);
    return layer;
  }

  /** The host's groups and, for nested Ansible groups, their ancestors; in discovery order. */
  List<String> groupsOf(HostDeclaration host) {
    Set<String> all = new LinkedHashSet<>();
    List<String> queue = new ArrayList<>(host.directGroups());
    while (!queue.isEmpty()) {
      String group = queue.remove(0);
      if (all.add(group)) {
        queue.addAll(groupParents.getOrDefault(group, Set.of()));
      }
    }
    return new ArrayList<>(all);
  }
}
