package dev.fleet.inventory;

import java.util.List;

/** Reads fleet's own format: {@code defaults}, {@code upgrade}, {@code groups.<g>.vars|hosts}. */
final class FleetFormat {
  private static final List<String> TOP_KEYS = List.of("defaults", "upgrade", "groups");
  private static final List<String> GROUP_KEYS = List.of("vars", "hosts");

  private final SettingsReader settings;
  private final Problems problems;

  FleetFormat(SettingsReader settings) {
    this.settings = settings;
    this.problems = settings.problems();
  }

  ParsedInventory read(YamlNode.MapNode root) {
    ParsedInventory parsed = new ParsedInventory("defaults");
    for (YamlNode.Entry entry : root.entries().values()) {
      switch (entry.key()) {
        case "defaults" -> settings.read(entry.value(), "defaults", parsed.defaults, false);
        case "upgrade" -> parsed.upgrade = entry.value();
        case "groups" -> groups(entry.value(), parsed);
        default -> Yaml.unknownKey(entry, entry.key(), TOP_KEYS, problems);
      }
    }
    if (!root.entries().containsKey("groups")) {
      problems.at(root, "groups", "missing: list your hosts under groups.<name>.hosts");
    }
    return parsed;
  }

  private void groups(YamlNode node, ParsedInventory parsed) {
    YamlNode.MapNode groups = Yaml.map(node, "groups", problems);
    if (groups == null) {
      return;
    }
    for (YamlNode.Entry group : groups.entries().values()) {
      String path = "groups." + group.key();
      SettingsLayer vars = parsed.group(group.key(), path + ".vars", 1);
      YamlNode.MapNode body = Yaml.map(group.value(), path, problems);
      if (body == null) {
        continue;
      }
      for (YamlNode.Entry entry : body.entries().values()) {
        switch (entry.key()) {
          case "vars" -> settings.read(entry.value(), path + ".vars", vars, false);
          case "hosts" -> hosts(entry.value(), path + ".hosts", group.key(), parsed);
          default -> Yaml.unknownKey(entry, path + "." + entry.key(), GROUP_KEYS, problems);
        }
      }
    }
  }

  private void hosts(YamlNode node, String path, String group, ParsedInventory parsed) {
    YamlNode.MapNode hosts = Yaml.map(node, path, problems);
    if (hosts == null) {
      return;
    }
    for (YamlNode.Entry entry : hosts.entries().values()) {
      String hostPath = path + "." + entry.key();
      HostDeclaration host = parsed.host(entry.key(), entry);
      host.directGroups().add(group);
      SettingsLayer layer = new SettingsLayer(hostPath, Integer.MAX_VALUE);
      host.hostLayers().add(layer);
      settings.read(entry.value(), hostPath, layer, true);
    }
  }
}
