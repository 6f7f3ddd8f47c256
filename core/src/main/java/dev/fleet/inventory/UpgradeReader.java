package dev.fleet.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the {@code upgrade} settings, lets command-line overrides replace them (validated the same
 * way), fills in built-in defaults and checks the binary against its pinned digest. Which settings
 * there are, and how each is read, is {@link UpgradeSetting}'s.
 */
final class UpgradeReader {
  private final Problems problems;
  private final PathResolver inventoryPaths;
  private final PathResolver commandLinePaths;
  private final Function<String, String> variables;

  UpgradeReader(
      Problems problems, PathResolver inventoryPaths, PathResolver commandLinePaths, Function<String, String> variables) {
    this.problems = problems;
    this.inventoryPaths = inventoryPaths;
    this.commandLinePaths = commandLinePaths;
    this.variables = variables;
  }

  /** Null when a value is unusable; the problems say why. */
  UpgradeSettings read(
      YamlNode node,
      String path,
      UpgradeOverrides overrides,
      List<ResolvedSetting> provenance,
      boolean binaryRequired) {
    Map<UpgradeSetting<?>, Chosen> chosen = new LinkedHashMap<>();
    HooksReader hooks = new HooksReader(problems);
    YamlNode.MapNode map = node == null ? null : Yaml.map(node, path, problems);
    if (map != null) {
      for (YamlNode.Entry entry : map.entries().values()) {
        String keyPath = path + "." + entry.key();
        if (entry.key().equals(HooksReader.KEY)) {
          hooks.read(entry, keyPath);
          continue;
        }
        UpgradeSetting.byKey(entry.key())
            .ifPresentOrElse(
                setting -> fromInventory(setting, entry.value(), keyPath, chosen),
                () -> Yaml.unknownKey(entry, keyPath, known(), problems));
      }
    }
    for (UpgradeSetting<?> setting : UpgradeSetting.ALL) {
      overrides.text(setting).ifPresent(text -> fromFlag(setting, text, chosen));
    }
    Chosen binary = chosen.get(UpgradeSetting.BINARY);
    if (binary == null && chosen.get(UpgradeSetting.BINARY_URL) == null && binaryRequired) {
      String message = "required: set it (or binary_url) in the inventory, or pass --binary (or --binary-url)";
      problems.add(new InventoryError(problems.file(), 0, 0, path + ".binary", message));
    }
    BinaryUrlAuth auth = PulledBinaryRules.check(chosen, path, problems, variables, binaryRequired);
    Chosen sha256 = chosen.get(UpgradeSetting.SHA256);
    if (binary != null && sha256 != null) {
      checkDigest((Path) binary.value, sha256);
    }
    Map<UpgradeSetting<?>, Object> values = new HashMap<>();
    for (UpgradeSetting<?> setting : UpgradeSetting.ALL) {
      Chosen value = chosen.get(setting);
      Object typed = value != null ? value.value : setting.builtIn().orElse(null);
      SettingOrigin origin = value != null ? value.origin : SettingOrigin.builtIn();
      provenance.add(new ResolvedSetting(setting.key(), UpgradeSetting.display(typed), origin));
      values.put(setting, typed);
    }
    hooks.provenance(provenance);
    if (!problems.isEmpty()) {
      return null;
    }
    Path dir = problems.file().toAbsolutePath().getParent();
    return new UpgradeSettings(values, hooks.hooks(dir, (Duration) values.get(UpgradeSetting.HOOK_TIMEOUT)), auth);
  }

  private static List<String> known() {
    List<String> known = new ArrayList<>(UpgradeSetting.keys());
    known.add(HooksReader.KEY);
    return known;
  }

  /** A value, where it came from, and the node to blame (null for a flag). */
  record Chosen(Object value, SettingOrigin origin, YamlNode node, String keyPath) {}

  private void fromInventory(
      UpgradeSetting<?> setting, YamlNode node, String keyPath, Map<UpgradeSetting<?>, Chosen> chosen) {
    String text;
    if (setting.acceptsList() && node instanceof YamlNode.ListNode list) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < list.items().size(); i++) {
        items.add(Yaml.scalar(list.items().get(i), keyPath + "[" + i + "]", problems));
      }
      if (items.contains(null)) {
        return;
      }
      text = String.join(",", items);
    } else {
      text = Yaml.scalar(node, keyPath, problems);
      if (text == null) {
        return;
      }
    }
    try {
      Object value = setting.parse(text, inventoryPaths);
      SettingOrigin origin = new SettingOrigin(keyPath, problems.file(), node.line());
      chosen.put(setting, new Chosen(value, origin, node, keyPath));
    } catch (IllegalArgumentException e) {
      problems.at(node, keyPath, e.getMessage());
    }
  }

  private void fromFlag(UpgradeSetting<?> setting, String text, Map<UpgradeSetting<?>, Chosen> chosen) {
    try {
      Object value = setting.parse(text, commandLinePaths);
      // A source given on the command line replaces the inventory's other source.
      PulledBinaryRules.replaceOtherSource(setting, chosen);
      chosen.put(setting, new Chosen(value, SettingOrigin.flag(setting.flag()), null, setting.flag()));
    } catch (IllegalArgumentException e) {
      problems.add(InventoryError.outsideFile(setting.flag(), e.getMessage()));
    }
  }

  private void checkDigest(Path binary, Chosen pinned) {
    String actual;
    try {
      actual = digest(binary);
    } catch (IOException e) {
      problems.add(InventoryError.outsideFile(binary.toString(), "cannot read: " + e.getMessage()));
      return;
    }
    if (actual.equals(pinned.value)) {
      return;
    }
    String message = binary + " has sha256 " + actual + ", not the pinned " + pinned.value;
    if (pinned.node == null) {
      problems.add(InventoryError.outsideFile(pinned.keyPath, message));
    } else {
      problems.at(pinned.node, pinned.keyPath, message);
    }
  }

  static String digest(Path file) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}
