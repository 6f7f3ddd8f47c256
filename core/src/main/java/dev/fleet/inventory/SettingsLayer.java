package dev.fleet.inventory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings one place of the inventory gives (the defaults, one group's vars, one host entry).
 * {@code depth} orders group layers: a deeper (more specific) group overrides a shallower one.
 */
final class SettingsLayer {
  private final String source;
  private final Map<String, SourcedValue> values = new LinkedHashMap<>();
  private int depth;

  SettingsLayer(String source, int depth) {
    this.source = source;
    this.depth = depth;
  }

  String source() {
    return source;
  }

  int depth() {
    return depth;
  }

  /** Ansible groups may be nested at several depths; like Ansible, the deepest one counts. */
  void deepen(int atLeast) {
    depth = Math.max(depth, atLeast);
  }

  SourcedValue get(String key) {
    return values.get(key);
  }

  /** Records a value; the same setting written twice in one place is an error, not a silent win. */
  void put(String key, SourcedValue value, Problems problems) {
    SourcedValue earlier = values.putIfAbsent(key, value);
    if (earlier != null) {
      problems.at(
          value.node(),
          value.keyPath(),
          "sets " + key + " again (already set by " + earlier.keyPath() + " at line "
              + earlier.node().line() + ")");
    }
  }
}
