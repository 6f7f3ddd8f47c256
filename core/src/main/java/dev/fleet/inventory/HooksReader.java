package dev.fleet.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code upgrade.hooks} (hook name to a command for {@code /bin/sh -c}) and {@code
 * upgrade.hook_timeout}. A command is kept as written: what a hook needs to know reaches it only
 * through its environment, never as text substituted into the command.
 */
final class HooksReader {
  static final List<String> KEYS = List.of("hooks", "hook_timeout");

  private final Problems problems;
  private final Map<String, String> commands = new LinkedHashMap<>();
  private final Map<String, SettingOrigin> origins = new LinkedHashMap<>();
  private Duration timeout = UpgradeHooks.DEFAULT_TIMEOUT;
  private SettingOrigin timeoutOrigin = SettingOrigin.builtIn();

  HooksReader(Problems problems) {
    this.problems = problems;
  }

  void read(YamlNode.Entry entry, String keyPath) {
    if (entry.key().equals("hooks")) {
      readHooks(entry.value(), keyPath);
      return;
    }
    String text = Yaml.scalar(entry.value(), keyPath, problems);
    if (text == null) {
      return;
    }
    try {
      timeout = HostSettingParsers.positive(DurationParser.parse(text));
      timeoutOrigin = new SettingOrigin(keyPath, problems.file(), entry.value().line());
    } catch (IllegalArgumentException e) {
      problems.at(entry.value(), keyPath, e.getMessage());
    }
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

  /** What {@code fleet inventory} shows: each hook set, in run order, and the timeout. */
  void provenance(List<ResolvedSetting> provenance) {
    for (String name : UpgradeHooks.NAMES) {
      if (commands.containsKey(name)) {
        provenance.add(new ResolvedSetting("hooks." + name, commands.get(name), origins.get(name)));
      }
    }
    provenance.add(new ResolvedSetting("hook_timeout", DurationParser.format(timeout), timeoutOrigin));
  }

  UpgradeHooks hooks(Path dir) {
    return new UpgradeHooks(commands, timeout, dir);
  }
}
