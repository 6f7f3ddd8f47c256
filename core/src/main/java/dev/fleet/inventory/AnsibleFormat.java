package dev.fleet.inventory;

import dev.fleet.inventory.AnsibleVars.Scope;
import java.util.List;

/**
 * Reads an Ansible YAML inventory ({@code all:}/{@code children:}/{@code hosts:}/{@code vars:});
 * each var lands in fleet's model through {@link AnsibleVars}, as for the INI form.
 */
final class AnsibleFormat {
  private static final List<String> GROUP_KEYS = List.of("vars", "hosts", "children");

  private final SettingsReader settings;
  private final Problems problems;
  private ParsedInventory parsed;
  private AnsibleVars ansibleVars;

  AnsibleFormat(SettingsReader settings) {
    this.settings = settings;
    this.problems = settings.problems();
  }

  ParsedInventory read(YamlNode.MapNode root) {
    parsed = new ParsedInventory("all.vars");
    ansibleVars = new AnsibleVars(settings, parsed, "all.vars");
    for (YamlNode.Entry entry : root.entries().values()) {
      if (entry.key().equals("all")) {
        group(entry.value(), "all", null, 0);
      } else {
        // Ansible treats a top-level group as a child of all.
        group(entry.value(), entry.key(), entry.key(), 1);
      }
    }
    return parsed;
  }

  /** {@code name} is null for {@code all}, whose vars are the defaults and whose hosts have no group. */
  private void group(YamlNode node, String path, String name, int depth) {
    YamlNode.MapNode body = Yaml.map(node, path, problems);
    if (body == null) {
      return;
    }
    SettingsLayer vars =
        name == null ? parsed.defaults : parsed.group(name, path + ".vars", depth);
    for (YamlNode.Entry entry : body.entries().values()) {
      String entryPath = path + "." + entry.key();
      switch (entry.key()) {
        case "vars" -> vars(entry.value(), entryPath, vars, name == null ? Scope.ALL : Scope.GROUP);
        case "hosts" -> hosts(entry.value(), entryPath, name);
        case "children" -> children(entry.value(), entryPath, name, depth);
        default -> Yaml.unknownKey(entry, entryPath, GROUP_KEYS, problems);
      }
    }
  }

  private void children(YamlNode node, String path, String parent, int depth) {
    YamlNode.MapNode children = Yaml.map(node, path, problems);
    if (children == null) {
      return;
    }
    for (YamlNode.Entry child : children.entries().values()) {
      group(child.value(), path + "." + child.key(), child.key(), depth + 1);
      if (parent != null) {
        parsed.groupParents.get(child.key()).add(parent);
      }
    }
  }

  private void hosts(YamlNode node, String path, String group) {
    YamlNode.MapNode hosts = Yaml.map(node, path, problems);
    if (hosts == null) {
      return;
    }
    for (YamlNode.Entry entry : hosts.entries().values()) {
      String hostPath = path + "." + entry.key();
      HostDeclaration host = parsed.host(entry.key(), entry);
      if (group != null) {
        host.directGroups().add(group);
      }
      SettingsLayer layer = new SettingsLayer(hostPath, Integer.MAX_VALUE);
      host.hostLayers().add(layer);
      vars(entry.value(), hostPath, layer, Scope.HOST);
    }
  }

  private void vars(YamlNode node, String path, SettingsLayer layer, Scope scope) {
    YamlNode.MapNode vars = Yaml.map(node, path, problems);
    if (vars == null) {
      return;
    }
    for (YamlNode.Entry entry : vars.entries().values()) {
      ansibleVars.apply(entry, path + "." + entry.key(), layer, scope);
    }
  }
}
