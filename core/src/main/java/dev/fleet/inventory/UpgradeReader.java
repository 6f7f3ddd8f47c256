package dev.fleet.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the {@code upgrade} settings, lets command-line overrides replace them (validated the same
 * way), fills in built-in defaults and checks the binary against its pinned digest.
 */
final class UpgradeReader {
  /** Inventory key to command-line flag; the order is the order shown to users. */
  static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("binary", "--binary");
    FLAGS.put("binary_url", "--binary-url");
    FLAGS.put("binary_url_auth_env", "--binary-url-auth-env");
    FLAGS.put("sha256", "--sha256");
    FLAGS.put("batches", "--batches");
    FLAGS.put("parallel", "--parallel");
    FLAGS.put("max_failures", "--max-failures");
    FLAGS.put("canary_max_failures", "--canary-max-failures");
    FLAGS.put("pause", "--pause");
    FLAGS.put("soak", "--soak");
    FLAGS.put("drain_timeout", "--drain-timeout");
    FLAGS.put("rollback", "--rollback");
  }

  private static final Map<String, Object> BUILT_INS =
      Map.of(
          "batches", List.of("1", "100%"),
          "parallel", 10,
          "max_failures", "0",
          "canary_max_failures", "0",
          "pause", "0s",
          "soak", Duration.ofSeconds(10),
          "drain_timeout", Duration.ofSeconds(60),
          "rollback", "batch");

  private final Problems problems;
  private final PathResolver inventoryPaths;
  private final PathResolver commandLinePaths;
  private final Function<String, String> variables;

  UpgradeReader(
      Problems problems,
      PathResolver inventoryPaths,
      PathResolver commandLinePaths,
      Function<String, String> variables) {
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
    Map<String, Chosen> chosen = new LinkedHashMap<>();
    YamlNode.MapNode map = node == null ? null : Yaml.map(node, path, problems);
    if (map != null) {
      for (YamlNode.Entry entry : map.entries().values()) {
        String keyPath = path + "." + entry.key();
        if (FLAGS.containsKey(entry.key())) {
          fromInventory(entry.key(), entry.value(), keyPath, chosen);
        } else {
          Yaml.unknownKey(entry, keyPath, FLAGS.keySet(), problems);
        }
      }
    }
    applyOverrides(overrides, chosen);
    Chosen binary = chosen.get("binary");
    Chosen binaryUrl = chosen.get("binary_url");
    if (binary == null && binaryUrl == null && binaryRequired) {
      String message = "required: set it (or binary_url) in the inventory, or pass --binary (or --binary-url)";
      problems.add(new InventoryError(problems.file(), 0, 0, path + ".binary", message));
    }
    Chosen sha256 = chosen.get("sha256");
    BinaryUrlAuth auth = PulledBinaryRules.check(chosen, path, problems, variables, binaryRequired);
    if (binary != null && binary.value != null && sha256 != null && sha256.value != null) {
      checkDigest((Path) binary.value, sha256);
    }
    for (String key : FLAGS.keySet()) {
      Chosen value = chosen.get(key);
      Object shown = value != null ? value.value : BUILT_INS.get(key);
      SettingOrigin origin = value != null ? value.origin : SettingOrigin.builtIn();
      provenance.add(new ResolvedSetting(key, HostAssembler.display(shown), origin));
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new UpgradeSettings(
        binary == null ? null : (Path) binary.value,
        (String) value(chosen, "sha256"),
        castList(value(chosen, "batches")),
        (Integer) value(chosen, "parallel"),
        (String) value(chosen, "max_failures"),
        (String) value(chosen, "canary_max_failures"),
        (String) value(chosen, "pause"),
        (Duration) value(chosen, "soak"),
        (Duration) value(chosen, "drain_timeout"),
        (String) value(chosen, "rollback"),
        (URI) value(chosen, "binary_url"),
        auth);
  }

  /** A value, where it came from, and the node to blame (null for a flag). */
  record Chosen(Object value, SettingOrigin origin, YamlNode node, String keyPath) {}

  private void fromInventory(String key, YamlNode node, String keyPath, Map<String, Chosen> chosen) {
    String text;
    if (key.equals("batches") && node instanceof YamlNode.ListNode list) {
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
      Object value = parse(key, text, inventoryPaths);
      SettingOrigin origin = new SettingOrigin(keyPath, problems.file(), node.line());
      chosen.put(key, new Chosen(value, origin, node, keyPath));
    } catch (IllegalArgumentException e) {
      problems.at(node, keyPath, e.getMessage());
    }
  }

  private void applyOverrides(UpgradeOverrides overrides, Map<String, Chosen> chosen) {
    // In FLAGS order; Arrays.asList because a null override means "not given".
    List<String> given =
        Arrays.asList(
            overrides.binary(),
            overrides.binaryUrl(),
            overrides.binaryUrlAuthEnv(),
            overrides.sha256(),
            overrides.batches(),
            overrides.parallel(),
            overrides.maxFailures(),
            overrides.canaryMaxFailures(),
            overrides.pause(),
            overrides.soak(),
            overrides.drainTimeout(),
            overrides.rollback());
    int index = 0;
    for (Map.Entry<String, String> flag : FLAGS.entrySet()) {
      String text = given.get(index++);
      if (text == null) {
        continue;
      }
      try {
        Object value = parse(flag.getKey(), text, commandLinePaths);
        // A source given on the command line replaces the inventory's other source.
        PulledBinaryRules.replaceOtherSource(flag.getKey(), chosen);
        chosen.put(
            flag.getKey(),
            new Chosen(value, SettingOrigin.flag(flag.getValue()), null, flag.getValue()));
      } catch (IllegalArgumentException e) {
        problems.add(InventoryError.outsideFile(flag.getValue(), e.getMessage()));
      }
    }
  }

  private static Object parse(String key, String text, PathResolver paths) {
    return switch (key) {
      case "binary" -> paths.readableFile(text);
      case "binary_url" -> PulledBinaryRules.url(text);
      case "binary_url_auth_env" -> PulledBinaryRules.variableName(text);
      case "sha256" -> sha256(text);
      case "batches" -> batches(text);
      case "parallel" -> HostSettingParsers.integer(text, 1, 10_000);
      case "max_failures", "canary_max_failures" -> Amount.parse(text).toString();
      case "pause" -> text.strip().equals(UpgradeSettings.MANUAL)
          ? UpgradeSettings.MANUAL
          : DurationParser.format(DurationParser.parse(text));
      case "soak" -> DurationParser.parse(text);
      case "drain_timeout" -> HostSettingParsers.positive(DurationParser.parse(text));
      case "rollback" -> rollback(text);
      default -> throw new IllegalStateException("no parser for " + key);
    };
  }

  private static String sha256(String text) {
    String digest = text.strip().toLowerCase(Locale.ROOT);
    if (!digest.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a SHA-256 digest (64 hex digits)");
    }
    return digest;
  }

  private static List<String> batches(String text) {
    List<String> sizes = new ArrayList<>();
    for (String size : text.split(",", -1)) {
      Amount amount = Amount.parse(size);
      if (amount.value() == 0) {
        throw new IllegalArgumentException("a batch of \"" + size.strip() + "\" upgrades nothing");
      }
      sizes.add(amount.toString());
    }
    return sizes;
  }

  private static String rollback(String text) {
    for (RollbackPolicy policy : RollbackPolicy.values()) {
      if (policy.keyword().equals(text.strip())) {
        return policy.keyword();
      }
    }
    throw new IllegalArgumentException("\"" + text + "\" is not host, batch or all");
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

  private static Object value(Map<String, Chosen> chosen, String key) {
    Chosen value = chosen.get(key);
    return value != null ? value.value : BUILT_INS.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object value) {
    return (List<String>) value;
  }
}
