package dev.fleet.inventory;

import java.util.ArrayList;
import java.util.List;

/** Reads the fleet-style {@code ssh:} / {@code nginx:} / {@code address} maps into a layer. */
final class SettingsReader {
  private final Problems problems;
  private final HostSettingParsers parsers;

  SettingsReader(Problems problems, HostSettingParsers parsers) {
    this.problems = problems;
    this.parsers = parsers;
  }

  Problems problems() {
    return problems;
  }

  /** A map holding {@code ssh} and {@code nginx} (defaults, group vars) and, for hosts, address. */
  void read(YamlNode node, String path, SettingsLayer layer, boolean isHost) {
    YamlNode.MapNode map = Yaml.map(node, path, problems);
    if (map == null) {
      return;
    }
    List<String> allowed = new ArrayList<>(HostSettingParsers.SECTIONS.keySet());
    if (isHost) {
      allowed.add("address");
    }
    for (YamlNode.Entry entry : map.entries().values()) {
      String keyPath = path + "." + entry.key();
      if (entry.key().equals("address") && isHost) {
        value("address", entry.value(), keyPath, layer);
      } else if (HostSettingParsers.SECTIONS.containsKey(entry.key())) {
        section(entry.key(), entry.value(), keyPath, layer);
      } else {
        Yaml.unknownKey(entry, keyPath, allowed, problems);
      }
    }
  }

  /** One section map such as the value of {@code ssh:}; Ansible's {@code fleet_ssh} uses it too. */
  void section(String section, YamlNode node, String path, SettingsLayer layer) {
    YamlNode.MapNode map = Yaml.map(node, path, problems);
    if (map == null) {
      return;
    }
    List<String> keys = HostSettingParsers.SECTIONS.get(section);
    for (YamlNode.Entry entry : map.entries().values()) {
      String keyPath = path + "." + entry.key();
      if (keys.contains(entry.key())) {
        value(section + "." + entry.key(), entry.value(), keyPath, layer);
      } else {
        Yaml.unknownKey(entry, keyPath, keys, problems);
      }
    }
  }

  /** Parses one scalar for {@code key} and records it in the layer, or records why not. */
  void value(String key, YamlNode node, String keyPath, SettingsLayer layer) {
    String text = Yaml.scalar(node, keyPath, problems);
    if (text == null) {
      return;
    }
    try {
      Object value = parsers.parse(key, text);
      SettingOrigin origin = new SettingOrigin(layer.source(), problems.file(), node.line());
      layer.put(key, new SourcedValue(value, keyPath, node, origin), problems);
    } catch (IllegalArgumentException e) {
      problems.at(node, keyPath, e.getMessage());
    }
  }
}
