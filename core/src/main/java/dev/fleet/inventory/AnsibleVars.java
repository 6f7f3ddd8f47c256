package dev.fleet.inventory;

import java.util.List;
import java.util.Map;

/**
 * How one Ansible variable lands in fleet's model, for the YAML and the INI form alike. Ansible's
 * connection vars map onto fleet settings; fleet's own settings sit in vars prefixed
 * {@code fleet_} so they never collide with variables that the team's playbooks use. Every other
 * var belongs to those playbooks and is ignored.
 */
final class AnsibleVars {
  /** Where a var is written: {@code all}'s vars are the defaults and may hold fleet_upgrade. */
  enum Scope {
    ALL,
    GROUP,
    HOST
  }

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
  private final ParsedInventory parsed;
  private final String allVars;

  /** {@code allVars} names the defaults as the form spells them: all.vars, [all:vars]. */
  AnsibleVars(SettingsReader settings, ParsedInventory parsed, String allVars) {
    this.settings = settings;
    this.problems = settings.problems();
    this.parsed = parsed;
    this.allVars = allVars;
  }

  /** Records the var {@code entry} (written under {@code keyPath}) in {@code layer}, or why not. */
  void apply(YamlNode.Entry entry, String keyPath, SettingsLayer layer, Scope scope) {
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
        problems.at(entry.line(), entry.column(), keyPath, "belongs in " + allVars + " only");
      }
    } else if (entry.key().startsWith("fleet_")) {
      Yaml.unknownKey(entry, keyPath, FLEET_VARS, problems);
    }
  }

  /** The vars that hold a map of fleet settings rather than one value. */
  static boolean holdsMap(String var) {
    return FLEET_VARS.contains(var);
  }
}
