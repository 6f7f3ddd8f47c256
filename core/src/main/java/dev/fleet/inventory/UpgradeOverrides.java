package dev.fleet.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line values that replace the inventory's upgrade settings, exactly as typed. The loader
 * validates them like inventory values and names the flag in errors ({@code --parallel: "x" is not
 * a whole number}). {@code batches} is comma-separated ({@code 1,10%,100%}); a relative
 * {@code binary} is relative to the working directory.
 */
public record UpgradeOverrides(Map<UpgradeSetting<?>, String> given) {

  public UpgradeOverrides {
    given = Map.copyOf(given);
  }

  public static UpgradeOverrides none() {
    return new UpgradeOverrides(Map.of());
  }

  /** These overrides and {@code setting} given as {@code text}; a null text gives nothing. */
  public UpgradeOverrides with(UpgradeSetting<?> setting, String text) {
    if (text == null) {
      return this;
    }
    Map<UpgradeSetting<?>, String> more = new LinkedHashMap<>(given);
    more.put(setting, text);
    return new UpgradeOverrides(more);
  }

  public Optional<String> text(UpgradeSetting<?> setting) {
    return Optional.ofNullable(given.get(setting));
  }

  /** As a journal keeps them: inventory key to text, in declaration order. */
  public Map<String, String> byKey() {
    Map<String, String> byKey = new LinkedHashMap<>();
    UpgradeSetting.ALL.forEach(setting -> text(setting).ifPresent(text -> byKey.put(setting.key(), text)));
    return byKey;
  }

  /**
   * Back from {@link #byKey}. Journals of earlier versions spelt the keys in camel case
   * ({@code maxFailures}) and wrote null for what was not given; both still read.
   */
  public static UpgradeOverrides fromKeys(Map<String, String> byKey) {
    UpgradeOverrides overrides = none();
    for (Map.Entry<String, String> entry : byKey.entrySet()) {
      String key = entry.getKey().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
      UpgradeSetting<?> setting =
          UpgradeSetting.byKey(key).orElseThrow(() -> new IllegalArgumentException("no upgrade setting " + key));
      overrides = overrides.with(setting, entry.getValue());
    }
    return overrides;
  }
}
