package dev.fleet.inventory;

import java.util.List;
import java.util.Map;

/**
 * Reads an Ansible YAML inventory ({@code all:}/{@code children:}/{@code hosts:}/{@code vars:}).
 * Ansible's connection vars map onto fleet settings; fleet's own settings sit in vars prefixed
 * {@code fleet_} so they never collide with variables that the team's playbooks use. Every other
 * var belongs to those playbooks and is ignored.
 */
final class AnsibleFormat {
  private static final List<String> GROUP_KEYS = List.of("vars", "hosts", "children");
  private static final Map<String, String> CONNECTION_VARS =
      Map.of(
          "ansible_host", "address",
          "ansible_ssh_host", "address",
          "ansible_port", "ssh.port",
          "ansible_ssh_port", "ssh.port",
          "ansible_user", "ssh.user",
          "ansible_ssh_user", "ssh.user",
          "ansible_ssh_private_key_file", "ssh.identity_file",
          "ansible_private_key_file", "ssh.identity_file",
          "ansible_become", "ssh.sudo");
  private static final List<String> FLEET_VARS = List.of("fleet_ssh", "fleet_nginx", "fleet_upgrade");

  private final SettingsReader settings;
  private final Problems problems;
  private ParsedInventory parsed;

  AnsibleFormat(SettingsReader settings) {
    this.settings = settings;
    this.problems = settings.problems();
  }

  ParsedInventory read(YamlNode.MapNode root) {
    parsed = new ParsedInventory("all.vars");
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

  private enum Scope {
    ALL,
    GROUP,
    HOST
  }

  private void vars(YamlNode node, String path, SettingsLayer layer, Scope scope) {
    YamlNode.MapNode vars = Yaml.map(node, path, problems);
    if (vars == null) {
      return;
    }
    for (YamlNode.Entry entry : vars.entries().values()) {
      String keyPath = path + "." + entry.key();
      String setting = CONNECTION_VARS.get(entry.key());
      if (setting != null) {
        if (setting.equals("address") && scope != Scope.HOST) {
          problems.at(entry.value(), keyPath, "belongs on a host, not in group vars");
        } else {
          settings.value(setting, entry.value(), keyPath, layer);
        }
      } else if (entry.key().equals("fleet_ssh")) {
        settings.section("ssh", entry.value(), keyPath, layer);
      } else if (entry.key().equals("fleet_nginx")) {
        settings.section("nginx", entry.value(), keyPath, layer);
      } else if (entry.key().equals("fleet_upgrade")) {
        if (scope == Scope.ALL) {
          parsed.upgrade = entry.value();
          parsed.upgradePath = keyPath;
        } else {
          problems.at(entry.line(), entry.column(), keyPath, "belongs in all.vars only");
        }
      } else if (entry.key().startsWith("fleet_")) {
        Yaml.unknownKey(entry, keyPath, FLEET_VARS, problems);
      }
    }
  }
}
