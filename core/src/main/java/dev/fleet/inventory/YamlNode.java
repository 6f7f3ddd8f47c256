package dev.fleet.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML tree that remembers where every node was written, so errors can point at it. */
sealed interface YamlNode {

  int line();

  int column();

  /** A human word for the node's shape, used in "expected a map, got a list". */
  String kind();

  /** A mapping in file order; each key keeps its own position for "unknown key" errors. */
  record MapNode(int line, int column, Map<String, Entry> entries) implements YamlNode {
    public MapNode {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public String kind() {
      return "a map";
    }
  }

  record ListNode(int line, int column, List<YamlNode> items) implements YamlNode {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A scalar as written; {@code text} is null for an empty value such as {@code key:}. */
  record Scalar(int line, int column, String text) implements YamlNode {
    @Override
    public String kind() {
      return text == null ? "nothing" : "\"" + text + "\"";
    }
  }

  /** A key and its value; the key's position is where an unknown key is reported. */
  record Entry(String key, int line, int column, YamlNode value) {}
}
