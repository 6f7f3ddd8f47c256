package dev.fleet.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies precedence for one host: defaults &lt; group vars &lt; host. A deeper (nested) group
 * beats a shallower one; two groups at the same depth that give the host different values are an
 * error unless the host sets the value itself, because silently picking one could point an
 * upgrade at the wrong binary or port.
 */
final class SettingsMerger {
  private final Problems problems;
  private final Set<String> reportedConflicts = new HashSet<>();

  SettingsMerger(Problems problems) {
    this.problems = problems;
  }

  /** Effective values the file gives the host, keyed like {@code ssh.port}; unset keys absent. */
  Map<String, SourcedValue> merge(
      HostDeclaration host, List<SettingsLayer> groups, SettingsLayer defaults) {
    Map<String, SourcedValue> merged = new LinkedHashMap<>();
    for (String key : keys()) {
      SourcedValue value = fromHost(host, key);
      if (value == null) {
        value = fromGroups(host, groups, key);
      }
      if (value == null) {
        value = defaults.get(key);
      }
      if (value != null) {
        merged.put(key, value);
      }
    }
    return merged;
  }

  static List<String> keys() {
    return HostSetting.keys();
  }

  /** A host listed in several groups is one host; its entries must agree where they overlap. */
  private SourcedValue fromHost(HostDeclaration host, String key) {
    SourcedValue first = null;
    for (SettingsLayer layer : host.hostLayers()) {
      SourcedValue value = layer.get(key);
      if (value == null) {
        continue;
      }
      if (first == null) {
        first = value;
      } else if (!Objects.equals(first.value(), value.value())) {
        problems.at(
            value.node(),
            value.keyPath(),
            "host " + host.name() + " is listed again with a different " + key + " (first "
                + first.keyPath() + " at line " + first.node().line() + ")");
      }
    }
    return first;
  }

  private SourcedValue fromGroups(HostDeclaration host, List<SettingsLayer> groups, String key) {
    int deepest = -1;
    for (SettingsLayer layer : groups) {
      if (layer.get(key) != null) {
        deepest = Math.max(deepest, layer.depth());
      }
    }
    SourcedValue chosen = null;
    for (SettingsLayer layer : groups) {
      SourcedValue value = layer.get(key);
      if (value == null || layer.depth() != deepest) {
        continue;
      }
      if (chosen == null) {
        chosen = value;
      } else if (!Objects.equals(chosen.value(), value.value())) {
        conflict(host, key, chosen, value);
      }
    }
    return chosen;
  }

  private void conflict(HostDeclaration host, String key, SourcedValue first, SourcedValue second) {
    // One report per pair of places: fifty hosts in both groups share one mistake.
    if (!reportedConflicts.add(first.keyPath() + "|" + second.keyPath())) {
      return;
    }
    problems.at(
        second.node(),
        second.keyPath(),
        "conflicts with " + first.keyPath() + " at line " + first.node().line() + " for host "
            + host.name() + " (and any other host in both groups); set " + key
            + " on the host to choose");
  }
}
