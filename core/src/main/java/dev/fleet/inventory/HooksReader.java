package dev.fleet.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code upgrade.hooks} (hook name to a command for {@code /bin/sh -c}); their timeout is
 * the setting {@link UpgradeSetting#HOOK_TIMEOUT}. A command is kept as written: what a hook needs
 * to know reaches it only through its environment, never as text substituted into the command.
 */
final class HooksReader {
  static final String KEY = "hooks";

  private final Problems problems;
  private final Map<String, String> commands = new LinkedHashMap<>();
  private final Map<String, SettingOrigin> origins = new LinkedHashMap<>();

  HooksReader(Problems problems) {
    this.problems = problems;
  }

  void read(YamlNode.Entry entry, String keyPath) {
    readHooks(entry.value(), keyPath);
  }

  private void readHooks(YamlNode node, String path) {
    YamlNode.MapNode map = Yaml.map(node, path, problems);
    if (map == null) {
      return;
    }
    for (YamlNode.Entry hook : map.entries().values()) {
      String keyPath = path + "." + hook.key();
      if (!UpgradeHooks.NAMES.contains(hook.key())) {
        Yaml.unknownKey(hook, keyPath, UpgradeHooks.NAMES, problems);
        continue;
      }
      String command = Yaml.scalar(hook.value(), keyPath, problems);
      if (command == null) {
        continue;
      }
      if (command.isBlank()) {
        problems.at(hook.value(), keyPath, "an empty command runs nothing; remove the key instead");
        continue;
      }
      commands.put(hook.key(), command);
      origins.put(hook.key(), new SettingOrigin(keyPath, problems.file(), hook.value().line()));
    }
  }

  /** What {@code fleet inventory} shows: each hook set, in run order. */
  void provenance(List<ResolvedSetting> provenance) {
    for (String name : UpgradeHooks.NAMES) {
      if (commands.containsKey(name)) {
        provenance.add(new ResolvedSetting("hooks." + name, commands.get(name), origins.get(name)));
      }
    }
  }

  UpgradeHooks hooks(Path dir, Duration timeout) {
    return new UpgradeHooks(commands, timeout, dir);
  }
}
