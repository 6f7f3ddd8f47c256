package dev.fleet.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The groups of an INI inventory: which are declared, which contain which, and how deep each
 * sits. Sections may come in any order, so the checks wait for the end of the file. As in Ansible,
 * a group exists through its own {@code [g]} or {@code [g:children]} section; {@code [g:vars]}
 * for, or a child named, without one is an error (the usual cause is a typo).
 */
final class IniGroups {
  private record Mention(String parent, String group, int line, int column, String keyPath) {}

  private static final String ALL = "all";

  private final ParsedInventory parsed;
  private final Problems problems;
  private final Set<String> declared = new LinkedHashSet<>();
  private final Map<String, Mention> varsSections = new LinkedHashMap<>();
  private final List<Mention> children = new ArrayList<>();

  IniGroups(ParsedInventory parsed, Problems problems) {
    this.parsed = parsed;
    this.problems = problems;
  }

  /** A {@code [g]} or {@code [g:children]} header. */
  void declare(String name) {
    declared.add(name);
    layer(name);
  }

  /** A {@code [g:vars]} header: the layer its lines go to. */
  SettingsLayer vars(String name, int line, int column) {
    varsSections.putIfAbsent(name, new Mention(null, name, line, column, "[" + name + ":vars]"));
    return layer(name);
  }

  /** A line of {@code [parent:children]}; {@code parent} is {@code all} for [all:children]. */
  void child(String parent, String group, int line, int column, String section) {
    children.add(new Mention(parent, group, line, column, section + " " + group));
  }

  /** Checks what the file referred to, links parents and sets each group's depth. */
  void finish() {
    for (Mention vars : varsSections.values()) {
      if (!declared.contains(vars.group())) {
        problems.at(
            vars.line(), vars.column(), vars.keyPath(),
            "there is no group " + vars.group() + ": a [" + vars.group() + ":vars] section needs"
                + " the group's own [" + vars.group() + "] or [" + vars.group() + ":children]"
                + " section" + DidYouMean.suggest(vars.group(), declared));
      }
    }
    for (Mention child : children) {
      link(child);
    }
    Map<String, Integer> depths = new HashMap<>();
    for (String group : parsed.groupVars.keySet()) {
      parsed.groupVars.get(group).deepen(depth(group, depths));
    }
  }

  private void link(Mention child) {
    String group = child.group();
    if (group.equals(ALL) || group.equals("ungrouped")) {
      problems.at(
          child.line(), child.column(), child.keyPath(),
          group + " is implicit in Ansible and cannot be listed as a child");
    } else if (!declared.contains(group)) {
      problems.at(
          child.line(), child.column(), child.keyPath(),
          "there is no group " + group + ": each group listed here needs its own [" + group
              + "] or [" + group + ":children] section" + DidYouMean.suggest(group, declared));
    } else if (child.parent().equals(ALL)) {
      // every group is a child of all already
    } else if (group.equals(child.parent()) || ancestors(child.parent()).contains(group)) {
      problems.at(
          child.line(), child.column(), child.keyPath(),
          group + " already contains " + child.parent() + "; a group cannot be inside itself");
    } else {
      parsed.groupParents.get(group).add(child.parent());
    }
  }

  private Set<String> ancestors(String group) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> queue = new ArrayList<>(List.of(group));
    while (!queue.isEmpty()) {
      for (String parent : parsed.groupParents.getOrDefault(queue.remove(0), Set.of())) {
        if (seen.add(parent)) {
          queue.add(parent);
        }
      }
    }
    return seen;
  }

  /** As in Ansible: a top-level group is 1 deep, a child one deeper than its deepest parent. */
  private int depth(String group, Map<String, Integer> depths) {
    Integer known = depths.get(group);
    if (known != null) {
      return known;
    }
    int depth = 1;
    for (String parent : parsed.groupParents.getOrDefault(group, Set.of())) {
      depth = Math.max(depth, depth(parent, depths) + 1);
    }
    depths.put(group, depth);
    return depth;
  }

  private SettingsLayer layer(String name) {
    return parsed.group(name, "[" + name + ":vars]", 1);
  }
}
