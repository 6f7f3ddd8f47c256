package dev.fleet.inventory;

import java.util.Collection;

/** Shape checks on {@link YamlNode}s that record a problem instead of throwing. */
final class Yaml {
  private Yaml() {}

  /** The node as a map; an empty value counts as an empty map. Null (and a problem) otherwise. */
  static YamlNode.MapNode map(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlNode.MapNode map) {
      return map;
    }
    if (node instanceof YamlNode.Scalar scalar && scalar.text() == null) {
      return new YamlNode.MapNode(node.line(), node.column(), java.util.Map.of());
    }
    problems.at(node, path, "expected a map, got " + node.kind());
    return null;
  }

  /** The node's text; null (and a problem) when it is a map, a list or empty. */
  static String scalar(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlNode.Scalar scalar && scalar.text() != null) {
      return scalar.text();
    }
    String got = node instanceof YamlNode.Scalar ? "nothing" : node.kind();
    problems.at(node, path, "expected a single value, got " + got);
    return null;
  }

  static void unknownKey(
      YamlNode.Entry entry, String keyPath, Collection<String> known, Problems problems) {
    problems.at(
        entry.line(),
        entry.column(),
        keyPath,
        "unknown key" + hint(entry.key(), known));
  }

  private static String hint(String key, Collection<String> known) {
    String suggestion = DidYouMean.suggest(key, known);
    return suggestion.isEmpty() ? " (expected one of: " + String.join(", ", known) + ")" : suggestion;
  }
}
